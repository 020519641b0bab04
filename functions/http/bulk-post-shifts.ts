import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBulkPost } from '../../lib/http/present';
import { bulkPostShifts as ROUTE } from '../../lib/routes/rota';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { idempotent } from '../../lib/use-cases/idempotency';
import { bulkPostShifts } from '../../lib/use-cases/rota';

export const handler = httpHandler(ROUTE, async ({ caller, body, event }) => {
  const d = deps({ scheduler: eventBridgeScheduler });
  const key = event.headers?.['idempotency-key'] ?? event.headers?.['Idempotency-Key'];
  return idempotent(caller, 'POST /shifts/bulk', key, body, d, async () => ({
    status: 201,
    body: presentBulkPost(await bulkPostShifts(caller, body, d), caller),
  }));
});
