import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimesheet } from '../../lib/http/present';
import { listTimesheets as ROUTE } from '../../lib/routes/timesheets';
import { TimesheetRepository } from '../../lib/store/timesheets';
import { listTimesheets } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await listTimesheets(caller, query, deps({ timesheets: TimesheetRepository }));
  return { status: 200, body: { timesheets: page.items.map(presentTimesheet), nextCursor: page.nextCursor } };
});
