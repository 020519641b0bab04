import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { QueryTimesheetBody } from '../../lib/schemas/timesheet';
import { queryTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(
  'POST /timesheets/{id}/query',
  { body: QueryTimesheetBody },
  async ({ caller, params, body }) => ({
    status: 200,
    body: { timesheet: await queryTimesheet(caller, params.id ?? '', body.note, deps()) },
  }),
);
