import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { OfferShiftBody } from '../../lib/schemas/booking';
import { offerShift } from '../../lib/use-cases/offers';

export const handler = httpHandler(
  'POST /shifts/{id}/offers',
  { body: OfferShiftBody },
  async ({ caller, params, body }) => ({
    status: 201,
    body: { offers: await offerShift(caller, params.id ?? '', body, deps()) },
  }),
);
