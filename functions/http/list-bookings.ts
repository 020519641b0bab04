import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBooking } from '../../lib/http/present';
import { listBookings as ROUTE } from '../../lib/routes/shifts';
import { BookingRepository } from '../../lib/store/bookings';
import { PracticeRepository } from '../../lib/store/practices';
import { TimesheetRepository } from '../../lib/store/timesheets';
import { bookingDetails, listBookings } from '../../lib/use-cases/bookings';

const repositories = { practices: PracticeRepository, bookings: BookingRepository, timesheets: TimesheetRepository };

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const d = deps(repositories);
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
