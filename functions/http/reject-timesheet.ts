import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimesheet } from '../../lib/http/present';
import { rejectTimesheet as ROUTE } from '../../lib/routes/timesheets';
import { rejectTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 200,
  body: { timesheet: presentTimesheet(await rejectTimesheet(caller, params.id ?? '', body.reason, deps())) },
}));
