import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentExport } from '../../lib/http/present';
import { ListQuerySchema } from '../../lib/schemas/common';
import { listPayrollExports } from '../../lib/use-cases/payroll';

export const handler = httpHandler('GET /payroll/exports', { query: ListQuerySchema }, async ({ caller, query }) => {
  const page = await listPayrollExports(caller, query, deps());
  return { status: 200, body: { exports: page.items.map(presentExport), nextCursor: page.nextCursor } };
});
