import { PutCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import * as keys from '../../lib/store/keys';
import { chunks } from '../../lib/store/records';
import { freshTotalsItems, ReportTotalsStore } from '../../lib/store/report-totals';
import { shiftItem } from '../../lib/store/shifts';
import { timesheetItem } from '../../lib/store/timesheets';
import { generateDemoData } from '../../local/demo-data';
import { freshDeps, type TestDeps } from '../support/table';

/**
 * A first start writes the seed's report totals whole rather than rebuilding
 * them record by record: both ways must leave the same items, so reports read
 * the same and the stream's later changes move them from the same revisions.
 */
describe('report totals written whole for a fresh seed', () => {
  const data = generateDemoData(new Date('2026-11-22T09:00:00Z'));
  const orgId = data.history.shifts[0]!.orgId;
  // Enough of the history to hold filled, cancelled and open shifts, and timesheets in every state.
  const picked = new Set(data.history.shifts.slice(0, 40).map((s) => s.id));
  for (const status of new Set(data.history.timesheets.map((t) => t.status))) {
    for (const t of data.history.timesheets.filter((x) => x.status === status).slice(0, 5)) picked.add(t.shiftId);
  }
  const shifts = data.history.shifts.filter((s) => picked.has(s.id));
  const ids = new Set(shifts.map((s) => s.id));
  const timesheets = data.history.timesheets.filter((t) => ids.has(t.shiftId));

  async function tableWith(deps: TestDeps, items: Record<string, unknown>[]) {
    for (const batch of chunks(items, 100)) {
      await deps.db.send(
        new TransactWriteCommand({ TransactItems: batch.map((Item) => ({ Put: { TableName: deps.table, Item } })) }),
      );
    }
    await deps.db.send(
      new PutCommand({ TableName: deps.table, Item: { ...keys.organisation(orgId), type: 'ORGANISATION', id: orgId } }),
    );
  }

  async function totalsOf(deps: TestDeps) {
    const out: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await deps.db.send(
        new ScanCommand({
          TableName: deps.table,
          FilterExpression: '#t IN (:a, :b)',
          ExpressionAttributeNames: { '#t': 'type' },
          ExpressionAttributeValues: { ':a': 'TOTALS', ':b': 'TOTALS_SOURCE' },
          ExclusiveStartKey: startKey,
        }),
      );
      out.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out.sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
  }

  it('leaves exactly the items a rebuild record by record leaves, and a rebuild after it moves nothing', async () => {
    expect(new Set(shifts.map((s) => s.status))).toEqual(new Set(['open', 'filled', 'cancelled']));
    expect(new Set(timesheets.map((t) => t.status)).size).toBeGreaterThan(2);
    const records = [...shifts.map((s) => shiftItem(s)), ...timesheets.map((t) => timesheetItem(t))];

    const rebuilt = await freshDeps();
    await tableWith(rebuilt, records);
    await new ReportTotalsStore(rebuilt.db, rebuilt.table).rebuildAll();

    const whole = await freshDeps();
    await tableWith(whole, [...records, ...freshTotalsItems(orgId, shifts, timesheets)]);

    const expected = await totalsOf(rebuilt);
    expect(expected.length).toBeGreaterThan(100);
    expect(await totalsOf(whole)).toEqual(expected);
    const again = await new ReportTotalsStore(whole.db, whole.table).rebuildAll();
    expect(again[orgId]).toMatchObject({ moved: 0 });
    // The record-by-record rebuild this replaces is slow on a busy machine: that is the point of it.
  }, 180_000);
});
