import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentExport } from '../../lib/http/present';
import { retryPayrollExport as ROUTE } from '../../lib/routes/payroll';
import { ExportRepository } from '../../lib/store/exports';
import { retryPayrollExport } from '../../lib/use-cases/payroll';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 202,
  body: {
    export: presentExport(await retryPayrollExport(caller, params.id ?? '', deps({ exports: ExportRepository }))),
  },
}));
