import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBooking } from '../../lib/http/present';
import { takeShift as ROUTE } from '../../lib/routes/shifts';
import { OFFERING_REPOSITORIES } from '../../lib/store/offering-repositories';
import { takeShift } from '../../lib/use-cases/offers';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: {
    booking: presentBooking(await takeShift(caller, params.id ?? '', deps(OFFERING_REPOSITORIES))),
  },
}));
