import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { ListQuerySchema } from '../../lib/schemas/common';
import { ListTimesheetsQuery } from '../../lib/schemas/timesheet';
import { listTimesheets } from '../../lib/use-cases/timesheets';

const Query = ListTimesheetsQuery.extend(ListQuerySchema.shape);

export const handler = httpHandler('GET /timesheets', { query: Query }, async ({ caller, query }) => {
  const page = await listTimesheets(caller, query, deps());
  return { status: 200, body: { timesheets: page.items, nextCursor: page.nextCursor } };
});
