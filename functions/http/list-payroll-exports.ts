import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentExport } from '../../lib/http/present';
import { listPayrollExports as ROUTE } from '../../lib/routes/payroll';
import { ExportRepository } from '../../lib/store/exports';
import { listPayrollExports } from '../../lib/use-cases/payroll';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const { limit, cursor, from, to } = query;
  const page = await listPayrollExports(caller, { limit, cursor }, deps({ exports: ExportRepository }), { from, to });
  return { status: 200, body: { exports: page.items.map(presentExport), nextCursor: page.nextCursor } };
});
