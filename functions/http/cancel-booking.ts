import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBooking } from '../../lib/http/present';
import { cancelBooking as ROUTE } from '../../lib/routes/shifts';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { OFFERING_REPOSITORIES } from '../../lib/store/offering-repositories';
import { cancelBooking } from '../../lib/use-cases/cancellations';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 200,
  body: {
    booking: presentBooking(
      await cancelBooking(
        caller,
        params.id ?? '',
        body.reason,
        deps(OFFERING_REPOSITORIES, { scheduler: eventBridgeScheduler }),
      ),
    ),
  },
}));
