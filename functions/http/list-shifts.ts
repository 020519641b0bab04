import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentShift } from '../../lib/http/present';
import { ListQuerySchema } from '../../lib/schemas/common';
import { ListShiftsQuery } from '../../lib/schemas/shift';
import { listShifts } from '../../lib/use-cases/shifts';

const Query = ListShiftsQuery.extend(ListQuerySchema.shape);

export const handler = httpHandler('GET /shifts', { query: Query }, async ({ caller, query }) => {
  const { limit, cursor, ...filter } = query;
  const page = await listShifts(caller, filter, { limit, cursor }, deps());
  return { status: 200, body: { shifts: page.items.map((s) => presentShift(s, caller)), nextCursor: page.nextCursor } };
});
