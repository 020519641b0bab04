import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer, presentShift } from '../../lib/http/present';
import { createShift as ROUTE } from '../../lib/routes/shifts';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { OfferRepository } from '../../lib/store/offers';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { postShift } from '../../lib/use-cases/shifts';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianRepository,
  shifts: ShiftRepository,
  offers: OfferRepository,
  bookings: BookingRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, body }) => {
  const { shift, offers } = await postShift(caller, body, deps(repositories, { scheduler: eventBridgeScheduler }));
  return { status: 201, body: { shift: presentShift(shift, caller), offers: offers.map((o) => presentOffer(o)) } };
});
