import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { ReportQuery } from '../../lib/schemas/payroll';
import { reportSummary } from '../../lib/use-cases/reports';

export const handler = httpHandler('GET /reports/summary', { query: ReportQuery }, async ({ caller, query }) => ({
  status: 200,
  body: await reportSummary(caller, query, deps()),
}));
