import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentShift } from '../../lib/http/present';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { BulkPostBody } from '../../lib/schemas/rota';
import { idempotent } from '../../lib/use-cases/idempotency';
import { bulkPostShifts } from '../../lib/use-cases/rota';

export const handler = httpHandler('POST /shifts/bulk', { body: BulkPostBody }, async ({ caller, body, event }) => {
  const d = deps({ scheduler: eventBridgeScheduler });
  const key = event.headers?.['idempotency-key'] ?? event.headers?.['Idempotency-Key'];
  return idempotent(caller, 'POST /shifts/bulk', key, body, d, async () => {
    const { shifts, skipped } = await bulkPostShifts(caller, body, d);
    return { status: 201, body: { shifts: shifts.map((s) => presentShift(s, caller)), skipped } };
  });
});
