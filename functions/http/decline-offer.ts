import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { declineOffer } from '../../lib/use-cases/offers';

export const handler = httpHandler('POST /offers/{id}/decline', {}, async ({ caller, params }) => ({
  status: 200,
  body: { offer: await declineOffer(caller, params.id ?? '', deps()) },
}));
