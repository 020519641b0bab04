import { deps } from '../../lib/deps';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { getPayrollCsv as ROUTE } from '../../lib/routes/payroll';
import { ExportRepository } from '../../lib/store/exports';
import { configuredExportReads } from '../../lib/store/s3-export-reads';
import { payrollCsv } from '../../lib/use-cases/payroll';

export const handler = httpHandler(ROUTE, async ({ caller, params }): Promise<HttpReply> => {
  const file = await payrollCsv(
    caller,
    params.id ?? '',
    deps({ exports: ExportRepository }, { exportFiles: configuredExportReads }),
  );
  if ('url' in file) {
    return { statusCode: 302, headers: { location: file.url, 'cache-control': 'no-store' }, body: '' };
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'private, no-store',
    },
    body: file.csv,
  };
});
