import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBooking } from '../../lib/http/present';
import { listBookings as ROUTE } from '../../lib/routes/shifts';
import { listBookings } from '../../lib/use-cases/bookings';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await listBookings(caller, query, deps());
  return {
    status: 200,
    body: { bookings: page.items.map(presentBooking), nextCursor: 'nextCursor' in page ? page.nextCursor : undefined },
  };
});
