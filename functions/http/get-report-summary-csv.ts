import { deps } from '../../lib/deps';
import { summaryCsv } from '../../lib/domain/report-summary';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { ReportQuery } from '../../lib/schemas/payroll';
import { reportSummary } from '../../lib/use-cases/reports';

export const handler = httpHandler(
  'GET /reports/summary.csv',
  { query: ReportQuery },
  async ({ caller, query }): Promise<HttpReply> => {
    const summary = await reportSummary(caller, { ...query, groupBy: query.groupBy ?? 'month' }, deps());
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="summary-${query.from}-${query.to}.csv"`,
        'cache-control': 'private, no-store',
      },
      body: summaryCsv(summary),
    };
  },
);
