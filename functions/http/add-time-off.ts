import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimeOff } from '../../lib/http/present';
import { addTimeOff as ROUTE } from '../../lib/routes/clinicians';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { OfferRepository } from '../../lib/store/offers';
import { ShiftRepository } from '../../lib/store/shifts';
import { addTimeOff } from '../../lib/use-cases/time-off';

const repositories = {
  clinicians: ClinicianRepository,
  shifts: ShiftRepository,
  offers: OfferRepository,
  bookings: BookingRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const timeOff = await addTimeOff(caller, params.id ?? '', body, deps(repositories));
  return { status: 201, body: { timeOff: presentTimeOff(timeOff) } };
});
