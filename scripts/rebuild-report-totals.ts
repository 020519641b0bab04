/**
 * Brings the running report totals in line with the shifts and timesheets:
 * once per deployment made before the totals were kept, or after the totals
 * consumer's dead-letter queue caught changes it could not apply. Safe to run
 * while the stream consumer runs, and to rerun.
 *
 *   TABLE_NAME=… npx tsx scripts/rebuild-report-totals.ts [orgId ...]
 *
 * Needs read and write on the table from the operator's own credentials.
 */
import { documentClient } from '../lib/store/client';
import { ReportTotalsStore } from '../lib/store/report-totals';

const table = process.env.TABLE_NAME;
if (!table) {
  console.error('Set TABLE_NAME');
  process.exit(2);
}
const totals = new ReportTotalsStore(documentClient(), table);
const orgIds = process.argv.slice(2);
const report = orgIds.length
  ? Object.fromEntries(await Promise.all(orgIds.map(async (id) => [id, await totals.rebuild(id)] as const)))
  : await totals.rebuildAll();
console.log(JSON.stringify(report, null, 2));
