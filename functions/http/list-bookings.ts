import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { ListBookingsQuery } from '../../lib/schemas/booking';
import { ListQuerySchema } from '../../lib/schemas/common';
import { listBookings } from '../../lib/use-cases/bookings';

const Query = ListBookingsQuery.extend(ListQuerySchema.shape);

export const handler = httpHandler('GET /bookings', { query: Query }, async ({ caller, query }) => {
  const page = await listBookings(caller, query, deps());
  return {
    status: 200,
    body: { bookings: page.items, nextCursor: 'nextCursor' in page ? page.nextCursor : undefined },
  };
});
