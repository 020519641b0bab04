import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimesheet } from '../../lib/http/present';
import { queryTimesheet as ROUTE } from '../../lib/routes/timesheets';
import { queryTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 200,
  body: { timesheet: presentTimesheet(await queryTimesheet(caller, params.id ?? '', body.note, deps())) },
}));
