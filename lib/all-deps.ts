import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from './config';
import { createCoreDeps, type Deps } from './deps';
import { BookingRepository } from './store/bookings';
import { ClinicianRepository } from './store/clinicians';
import { DocumentRepository } from './store/documents';
import { EscalationRepository } from './store/escalations';
import { type ExportFiles, folderExportFiles } from './store/export-files';
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

/** The local folder, made on first use (the configuration is read then, not at import). */
function localExportFiles(): ExportFiles {
  let files: ExportFiles | undefined;
  const made = () => {
    if (!files) {
      const c = config();
      files = folderExportFiles(c.EXPORTS_DIR ?? join(c.DATA_DIR ?? '.data', 'exports'));
    }
    return files;
  };
  return {
    write: (key, body) => made().write(key, body),
    read: (key) => made().read(key),
    downloadUrl: (key, filename) => made().downloadUrl(key, filename),
  };
}

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
    ...createCoreDeps(db, table, { ...edges, exportFiles: edges.exportFiles ?? localExportFiles() }),
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
