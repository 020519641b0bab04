import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { listMyOffers } from '../../lib/use-cases/offers';

export const handler = httpHandler('GET /offers', {}, async ({ caller }) => ({
  status: 200,
  body: { offers: await listMyOffers(caller, deps()) },
}));
