import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer } from '../../lib/http/present';
import { offerShift as ROUTE } from '../../lib/routes/shifts';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { OfferRepository } from '../../lib/store/offers';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { offerShift } from '../../lib/use-cases/offers';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianRepository,
  shifts: ShiftRepository,
  offers: OfferRepository,
  bookings: BookingRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 201,
  body: {
    offers: (await offerShift(caller, params.id ?? '', body, deps(repositories))).map((o) => presentOffer(o)),
  },
}));
