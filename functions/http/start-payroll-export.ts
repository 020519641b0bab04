import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentExport } from '../../lib/http/present';
import { startPayrollExport as ROUTE } from '../../lib/routes/payroll';
import { ExportRepository } from '../../lib/store/exports';
import { startPayrollExport } from '../../lib/use-cases/payroll';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => ({
  status: 201,
  body: { export: presentExport(await startPayrollExport(caller, body, deps({ exports: ExportRepository }))) },
}));
