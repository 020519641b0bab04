import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBooking } from '../../lib/http/present';
import { acceptOffer as ROUTE } from '../../lib/routes/shifts';
import { BookingRepository } from '../../lib/store/bookings';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { acceptOffer } from '../../lib/use-cases/bookings';

const repositories = { practices: PracticeRepository, shifts: ShiftRepository, bookings: BookingRepository };

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: {
    booking: presentBooking(await acceptOffer(caller, params.id ?? '', deps(repositories))),
  },
}));
