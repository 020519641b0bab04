import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentExport } from '../../lib/http/present';
import { getPayrollExport as ROUTE } from '../../lib/routes/payroll';
import { ExportRepository } from '../../lib/store/exports';
import { getPayrollExport } from '../../lib/use-cases/payroll';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: { export: presentExport(await getPayrollExport(caller, params.id ?? '', deps({ exports: ExportRepository }))) },
}));
