import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer, presentShift } from '../../lib/http/present';
import { createShift as ROUTE } from '../../lib/routes/shifts';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { OFFERING_REPOSITORIES } from '../../lib/store/offering-repositories';
import { postShift } from '../../lib/use-cases/shifts';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => {
  const { shift, offers } = await postShift(
    caller,
    body,
    deps(OFFERING_REPOSITORIES, { scheduler: eventBridgeScheduler }),
  );
  return { status: 201, body: { shift: presentShift(shift, caller), offers: offers.map((o) => presentOffer(o)) } };
});
