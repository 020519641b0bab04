import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { acceptOffer } from '../../lib/use-cases/bookings';

export const handler = httpHandler('POST /offers/{id}/accept', {}, async ({ caller, params }) => ({
  status: 200,
  body: { booking: await acceptOffer(caller, params.id ?? '', deps()) },
}));
