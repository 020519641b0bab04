import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer, presentShift } from '../../lib/http/present';
import { createShift as ROUTE } from '../../lib/routes/shifts';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { postShift } from '../../lib/use-cases/shifts';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => {
  const { shift, offers } = await postShift(caller, body, deps({ scheduler: eventBridgeScheduler }));
  return { status: 201, body: { shift: presentShift(shift, caller), offers: offers.map((o) => presentOffer(o)) } };
});
