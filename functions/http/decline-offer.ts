import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer } from '../../lib/http/present';
import { declineOffer as ROUTE } from '../../lib/routes/shifts';
import { BookingRepository } from '../../lib/store/bookings';
import { OfferRepository } from '../../lib/store/offers';
import { ShiftRepository } from '../../lib/store/shifts';
import { declineOffer } from '../../lib/use-cases/offers';

const repositories = { shifts: ShiftRepository, offers: OfferRepository, bookings: BookingRepository };

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: {
    offer: presentOffer(await declineOffer(caller, params.id ?? '', deps(repositories))),
  },
}));
