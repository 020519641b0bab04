import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBulkPost } from '../../lib/http/present';
import { bulkPostShifts as ROUTE } from '../../lib/routes/rota';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { IdempotencyRepository } from '../../lib/store/idempotency';
import { OFFERING_REPOSITORIES } from '../../lib/store/offering-repositories';
import { OutboxRepository } from '../../lib/store/outbox';
import { TemplateRepository } from '../../lib/store/templates';
import { idempotent } from '../../lib/use-cases/idempotency';
import { bulkPostShifts } from '../../lib/use-cases/rota';

const repositories = {
  ...OFFERING_REPOSITORIES,
  templates: TemplateRepository,
  idempotency: IdempotencyRepository,
  outbox: OutboxRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, body, event }) => {
  const d = deps(repositories, { scheduler: eventBridgeScheduler });
  const key = event.headers?.['idempotency-key'] ?? event.headers?.['Idempotency-Key'];
  return idempotent(caller, 'POST /shifts/bulk', key, body, d, async () => ({
    status: 201,
    body: presentBulkPost(await bulkPostShifts(caller, body, d), caller),
  }));
});
