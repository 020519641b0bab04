import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCoreDeps, type Deps } from './deps';
import { BookingRepository } from './store/bookings';
import { ClinicianRepository } from './store/clinicians';
import { DocumentRepository } from './store/documents';
import { EscalationRepository } from './store/escalations';
import { ExportRepository } from './store/exports';
import { IdempotencyRepository } from './store/idempotency';
import { InvoiceRepository } from './store/invoices';
import { OfferRepository } from './store/offers';
import { OutboxRepository } from './store/outbox';
import { PensionRepository } from './store/pension';
import { PracticeRepository } from './store/practices';
import { ShiftRepository } from './store/shifts';
import { TemplateRepository } from './store/templates';
import { TimesheetRepository } from './store/timesheets';

/**
 * Every adapter, every repository included: for the local runtime, seeding,
 * tests and the bench, which serve or drive many use cases at once. A deployed
 * handler builds only its own repositories with `deps` (lib/deps.ts), so it
 * does not carry this module.
 */
export function createDeps(
  db: DynamoDBDocumentClient,
  table: string,
  edges: Partial<Pick<Deps, 'users' | 'publisher' | 'scheduler' | 'exportFiles'>> = {},
): Deps {
  return {
    ...createCoreDeps(db, table, edges),
    practices: new PracticeRepository(db, table),
    clinicians: new ClinicianRepository(db, table),
    shifts: new ShiftRepository(db, table),
    templates: new TemplateRepository(db, table),
    idempotency: new IdempotencyRepository(db, table),
    offers: new OfferRepository(db, table),
    outbox: new OutboxRepository(db, table),
    bookings: new BookingRepository(db, table),
    timesheets: new TimesheetRepository(db, table),
    exports: new ExportRepository(db, table),
    escalations: new EscalationRepository(db, table),
    invoices: new InvoiceRepository(db, table),
    pension: new PensionRepository(db, table),
    documents: new DocumentRepository(db, table),
  };
}
