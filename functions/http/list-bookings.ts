import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBooking } from '../../lib/http/present';
import { listBookings as ROUTE } from '../../lib/routes/shifts';
import { bookingDetails, listBookings } from '../../lib/use-cases/bookings';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const d = deps();
  const page = await listBookings(caller, query, d);
  const details = await bookingDetails(caller.orgId, page.items, d);
  return {
    status: 200,
    body: {
      bookings: page.items.map((b) => presentBooking(b, details.get(b.id))),
      nextCursor: 'nextCursor' in page ? page.nextCursor : undefined,
    },
  };
});
