import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { ReasonBody } from '../../lib/schemas/booking';
import { cancelBooking } from '../../lib/use-cases/cancellations';

export const handler = httpHandler(
  'POST /bookings/{id}/cancel',
  { body: ReasonBody },
  async ({ caller, params, body }) => ({
    status: 200,
    body: {
      booking: await cancelBooking(caller, params.id ?? '', body.reason, deps({ scheduler: eventBridgeScheduler })),
    },
  }),
);
