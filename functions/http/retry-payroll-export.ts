import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentExport } from '../../lib/http/present';
import { retryPayrollExport } from '../../lib/use-cases/payroll';

export const handler = httpHandler('POST /payroll/exports/{id}/retry', {}, async ({ caller, params }) => ({
  status: 202,
  body: { export: presentExport(await retryPayrollExport(caller, params.id ?? '', deps())) },
}));
