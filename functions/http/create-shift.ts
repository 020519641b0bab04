import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentShift } from '../../lib/http/present';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { CreateShiftBody } from '../../lib/schemas/shift';
import { postShift } from '../../lib/use-cases/shifts';

export const handler = httpHandler('POST /shifts', { body: CreateShiftBody }, async ({ caller, body }) => {
  const { shift, offers } = await postShift(caller, body, deps({ scheduler: eventBridgeScheduler }));
  return { status: 201, body: { shift: presentShift(shift, caller), offers } };
});
