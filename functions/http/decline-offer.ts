import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer } from '../../lib/http/present';
import { declineOffer as ROUTE } from '../../lib/routes/shifts';
import { declineOffer } from '../../lib/use-cases/offers';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: { offer: presentOffer(await declineOffer(caller, params.id ?? '', deps())) },
}));
