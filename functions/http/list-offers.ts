import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer } from '../../lib/http/present';
import { listOffers as ROUTE } from '../../lib/routes/shifts';
import { OfferRepository } from '../../lib/store/offers';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { TimesheetRepository } from '../../lib/store/timesheets';
import { listMyOffers } from '../../lib/use-cases/offers';

const repositories = {
  practices: PracticeRepository,
  shifts: ShiftRepository,
  offers: OfferRepository,
  timesheets: TimesheetRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await listMyOffers(caller, query, deps(repositories));
  return {
    status: 200,
    body: { offers: page.items.map((o) => presentOffer(o, o.shift, caller)), nextCursor: page.nextCursor },
  };
});
