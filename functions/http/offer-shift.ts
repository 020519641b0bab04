import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer } from '../../lib/http/present';
import { offerShift as ROUTE } from '../../lib/routes/shifts';
import { OFFERING_REPOSITORIES } from '../../lib/store/offering-repositories';
import { offerShift } from '../../lib/use-cases/offers';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 201,
  body: {
    offers: (await offerShift(caller, params.id ?? '', body, deps(OFFERING_REPOSITORIES))).map((o) => presentOffer(o)),
  },
}));
