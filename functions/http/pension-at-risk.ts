import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentPensionAtRisk } from '../../lib/http/present';
import { pensionAtRisk as ROUTE } from '../../lib/routes/pension';
import { ClinicianReads } from '../../lib/store/clinicians';
import { InvoiceRepository } from '../../lib/store/invoices';
import { PensionRepository } from '../../lib/store/pension';
import { pensionAtRisk } from '../../lib/use-cases/pension';

const repositories = { clinicians: ClinicianReads, invoices: InvoiceRepository, pension: PensionRepository };

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await pensionAtRisk(caller, query, deps(repositories));
  return { status: 200, body: { sessions: page.items.map(presentPensionAtRisk), nextCursor: page.nextCursor } };
});
