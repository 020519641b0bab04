import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { ApproveTimesheetBody } from '../../lib/schemas/timesheet';
import { approveTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(
  'POST /timesheets/{id}/approve',
  { body: ApproveTimesheetBody },
  async ({ caller, params, body }) => ({
    status: 200,
    body: { timesheet: await approveTimesheet(caller, params.id ?? '', deps(), body) },
  }),
);
