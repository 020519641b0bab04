import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBooking } from '../../lib/http/present';
import { cancelBooking as ROUTE } from '../../lib/routes/shifts';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { OfferRepository } from '../../lib/store/offers';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { cancelBooking } from '../../lib/use-cases/cancellations';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianRepository,
  shifts: ShiftRepository,
  offers: OfferRepository,
  bookings: BookingRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 200,
  body: {
    booking: presentBooking(
      await cancelBooking(
        caller,
        params.id ?? '',
        body.reason,
        deps(repositories, { scheduler: eventBridgeScheduler }),
      ),
    ),
  },
}));
