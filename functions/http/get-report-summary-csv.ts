import { deps } from '../../lib/deps';
import { summaryCsv } from '../../lib/domain/report-summary';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { getReportSummaryCsv as ROUTE } from '../../lib/routes/payroll';
import { PracticeRepository } from '../../lib/store/practices';
import { reportSummary } from '../../lib/use-cases/reports';

export const handler = httpHandler(ROUTE, async ({ caller, query }): Promise<HttpReply> => {
  const summary = await reportSummary(
    caller,
    { ...query, groupBy: query.groupBy ?? 'month' },
    deps({ practices: PracticeRepository }),
  );
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="summary-${query.from}-${query.to}.csv"`,
      'cache-control': 'private, no-store',
    },
    body: summaryCsv(summary),
  };
});
