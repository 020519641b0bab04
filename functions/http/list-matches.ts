import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentMatches } from '../../lib/http/present';
import { listMatches as ROUTE } from '../../lib/routes/shifts';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { OfferRepository } from '../../lib/store/offers';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { shiftMatches } from '../../lib/use-cases/matching';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianRepository,
  shifts: ShiftRepository,
  offers: OfferRepository,
  bookings: BookingRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, params, query }) => ({
  status: 200,
  body: presentMatches(
    await shiftMatches(caller, params.id ?? '', deps(repositories), { clinicianId: query.clinicianId }),
  ),
}));
