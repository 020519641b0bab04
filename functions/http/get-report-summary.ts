import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentReport } from '../../lib/http/present';
import { getReportSummary as ROUTE } from '../../lib/routes/payroll';
import { PracticeRepository } from '../../lib/store/practices';
import { reportSummary } from '../../lib/use-cases/reports';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => ({
  status: 200,
  body: presentReport(await reportSummary(caller, query, deps({ practices: PracticeRepository }))),
}));
