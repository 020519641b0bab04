import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBulkPost } from '../../lib/http/present';
import { bulkPostShifts as ROUTE } from '../../lib/routes/rota';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { IdempotencyRepository } from '../../lib/store/idempotency';
import { OfferRepository } from '../../lib/store/offers';
import { OutboxRepository } from '../../lib/store/outbox';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { TemplateRepository } from '../../lib/store/templates';
import { idempotent } from '../../lib/use-cases/idempotency';
import { bulkPostShifts } from '../../lib/use-cases/rota';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianRepository,
  shifts: ShiftRepository,
  templates: TemplateRepository,
  idempotency: IdempotencyRepository,
  offers: OfferRepository,
  outbox: OutboxRepository,
  bookings: BookingRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, body, event }) => {
  const d = deps(repositories, { scheduler: eventBridgeScheduler });
  const key = event.headers?.['idempotency-key'] ?? event.headers?.['Idempotency-Key'];
  return idempotent(caller, 'POST /shifts/bulk', key, body, d, async () => ({
    status: 201,
    body: presentBulkPost(await bulkPostShifts(caller, body, d), caller),
  }));
});
