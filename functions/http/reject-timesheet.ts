import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { ReasonBody } from '../../lib/schemas/booking';
import { rejectTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(
  'POST /timesheets/{id}/reject',
  { body: ReasonBody },
  async ({ caller, params, body }) => ({
    status: 200,
    body: { timesheet: await rejectTimesheet(caller, params.id ?? '', body.reason, deps()) },
  }),
);
