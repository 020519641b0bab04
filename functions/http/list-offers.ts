import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer } from '../../lib/http/present';
import { listOffers as ROUTE } from '../../lib/routes/shifts';
import { listMyOffers } from '../../lib/use-cases/offers';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await listMyOffers(caller, query, deps());
  return {
    status: 200,
    body: { offers: page.items.map((o) => presentOffer(o, o.shift, caller)), nextCursor: page.nextCursor },
  };
});
