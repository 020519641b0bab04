import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../lib/deps';
import { SettableClock } from '../lib/domain/ports';
import { nextLondonTime } from '../lib/domain/time';
import { bookingItem } from '../lib/store/bookings';
import { newClinicianItems } from '../lib/store/clinicians';
import * as keys from '../lib/store/keys';
import { chunks } from '../lib/store/records';
import { freshTotalsItems } from '../lib/store/report-totals';
import { shiftItem } from '../lib/store/shifts';
import { timesheetItem } from '../lib/store/timesheets';
import { monthBounds, previousMonth, runInvoices } from '../lib/use-cases/invoices';
import { endOfLondonPeriod, runPayrollExport } from '../lib/use-cases/payroll';
import { scheduleAutoApproval } from '../lib/use-cases/timesheets';
import { userItems } from '../lib/users/table-directory';
import { type DemoData, generateDemoData } from './demo-data';
import { seedDocuments } from './demo-documents';
import { HISTORY_WEEKS } from './demo-history';
import { seedJoining } from './demo-joining';

const SEED_KEY = { PK: 'LOCAL#SEED', SK: 'demo' };
/** Write requests in flight at once: DynamoDB Local commits one at a time, so a few keep it busy. */
const WRITE_WIDTH = 3;

async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/**
 * Puts items a hundred to a request, a few requests at once. Only for records
 * nothing else can hold yet (a first start's empty table): no put has a
 * condition, so writing the same demo record again after a seed was cut short
 * simply writes it again. A transaction rather than BatchWriteItem, though
 * nothing here needs one to be atomic: DynamoDB Local commits each item of a
 * batch to its SQLite file on its own, but a transaction's hundred items in
 * one commit, about ten times faster on disk.
 */
async function putAll(
  deps: Deps,
  items: readonly Record<string, unknown>[],
  onProgress?: (written: number) => void,
): Promise<void> {
  let written = 0;
  await inParallel(chunks(items, 100), WRITE_WIDTH, async (batch) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await deps.db.send(
          new TransactWriteCommand({ TransactItems: batch.map((Item) => ({ Put: { TableName: deps.table, Item } })) }),
        );
        break;
      } catch (error) {
        const name = (error as Error).name;
        const busy = name === 'TransactionConflictException' || name === 'TransactionCanceledException';
        if (!busy || attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      }
    }
    written += batch.length;
    onProgress?.(written);
  });
}

export interface SeedOptions {
  /** The Somerset group's last eight weeks and next two (shifts, bookings, timesheets, a payroll export). @default true */
  history?: boolean;
  /** Progress lines; silent when absent. */
  log?: (line: string) => void;
  /** Where the app is served, for the demo invitation's link. @default http://localhost:3000 */
  origin?: string;
}

/** Seeds the demo organisations on first start; a marker item makes it happen once per data folder. */
export async function seedDemoData(
  deps: Deps,
  now: Date,
  options: SeedOptions = {},
): Promise<{ seeded: boolean; counts?: Record<string, number> }> {
  const began = Date.now();
  const say = options.log ?? (() => {});
  const log = (line: string) => say(`${line} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  const marker = await deps.db.send(new GetCommand({ TableName: deps.table, Key: SEED_KEY, ConsistentRead: true }));
  if (marker.Item) return { seeded: false };
  const data = generateDemoData(now);
  const withHistory = options.history !== false;

  log(`Seeding demo data: ${data.organisations.length} organisations, ${data.practices.length} practices...`);
  await putAll(
    deps,
    data.organisations.map((org) => ({ ...keys.organisation(org.id), type: 'ORGANISATION', ...org })),
  );
  // As the repositories write them: a practice with its ODS code's guard, a template under its practice's index.
  await putAll(deps, [
    ...data.practices.flatMap((p) => [
      { ...keys.practice(p.orgId, p.id), type: 'PRACTICE', ...p },
      { ...keys.odsCode(p.orgId, p.odsCode), type: 'GUARD', practiceId: p.id },
    ]),
    ...data.templates.map((t) => ({
      ...keys.template(t.orgId, t.id),
      ...keys.templatesOfPractice(t.orgId, t.practiceId, t.createdAt, t.id),
      type: 'TEMPLATE',
      ...t,
    })),
  ]);

  // Each clinician is a profile, its guards and its location index (a few dozen cells): most of the seed's writes.
  const perClinician = data.clinicians.map((c) => newClinicianItems(c));
  const total = data.clinicians.length;
  const quarter = Math.ceil(perClinician.flat().length / 4);
  let shown = 0;
  let itemsDone = 0;
  const clinicianAt: number[] = [];
  for (const items of perClinician) clinicianAt.push((clinicianAt.at(-1) ?? 0) + items.length);
  await putAll(deps, [...perClinician.flat(), ...data.users.flatMap((u) => userItems(u))], (written) => {
    itemsDone = written;
    if (itemsDone >= (shown + 1) * quarter && shown < 4) {
      shown = Math.floor(itemsDone / quarter);
      const clinicians = clinicianAt.filter((at) => at <= itemsDone).length;
      log(`  clinicians ${Math.min(clinicians, total)}/${total}`);
    }
  });
  log(`  sign-ins ${data.users.length}, shift templates ${data.templates.length}`);
  // The audit items behind the demo's IR35 determinations, which the profiles already name as current.
  const admins = new Map(data.users.filter((u) => u.role === 'admin').map((u) => [u.orgId, u.id]));
  await putAll(
    deps,
    data.clinicians.flatMap((c) =>
      Object.entries(c.ir35 ?? {}).map(([practiceId, d]) => ({
        ...keys.ir35Determination(c.orgId, c.id, d.decidedAt, practiceId),
        type: 'IR35',
        orgId: c.orgId,
        clinicianId: c.id,
        practiceId,
        determination: d.determination,
        reason: 'Sessional locum work: own indemnity, right of substitution, no control over how clinics are run',
        decidedBy: admins.get(c.orgId) ?? 'system',
        decidedAt: d.decidedAt,
      })),
    ),
  );

  const counts: Record<string, number> = {
    organisations: data.organisations.length,
    practices: data.practices.length,
    clinicians: data.clinicians.length,
    users: data.users.length,
    templates: data.templates.length,
  };

  if (withHistory) {
    const h = data.history;
    const period = h.payrollExport;
    // A seed cut short after its export ran: that export holds its timesheets; writing them as approved again would pay them twice.
    const ran = await deps.exports.get(period.orgId, period.id, true);
    const timesheets = ran
      ? h.timesheets.filter((t) => !(t.status === 'approved' && t.shiftStart! < endOfLondonPeriod(period.to)))
      : h.timesheets;
    await putAll(deps, [
      ...h.shifts.map((s) => shiftItem(s)),
      ...h.bookings.map(({ timesheetId, ...b }) => ({ ...bookingItem(b), ...(timesheetId ? { timesheetId } : {}) })),
      ...timesheets.map((t) => timesheetItem(t)),
      ...h.templateSessions.map((s) => ({
        ...keys.templateSession(s.orgId, s.templateId, s.date, s.session),
        type: 'GUARD',
        shiftId: s.shiftId,
      })),
      ...h.diaries.map((d) => ({ ...keys.diary(d.orgId, d.clinicianId), type: 'DIARY', ...d, version: 1 })),
    ]);
    // Submitted as a clinician would have: each within the organisation's tolerance is approved on trust when due.
    await Promise.all(
      timesheets
        .filter((t) => t.status === 'submitted' && !t.queriedAt)
        .map((t) => scheduleAutoApproval(t, t.resubmittedAt ?? t.submittedAt, t.revision ?? 0, deps)),
    );
    const states = Object.entries(
      h.timesheets.reduce<Record<string, number>>((acc, t) => {
        acc[t.status] = (acc[t.status] ?? 0) + 1;
        return acc;
      }, {}),
    )
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    log(
      `  history ${HISTORY_WEEKS} weeks: ${h.shifts.length} shifts, ${h.bookings.length} bookings, timesheets ${states}`,
    );
    // The report totals of all this, written whole: the stream passes over what the seed wrote, and rebuilding
    // them record by record took longer than the rest of the seed together.
    for (const orgId of new Set(h.shifts.map((s) => s.orgId))) {
      await putAll(
        deps,
        freshTotalsItems(
          orgId,
          h.shifts.filter((s) => s.orgId === orgId),
          // All of them, those a cut-short seed's export already holds too: exported counts as approved does.
          h.timesheets.filter((t) => t.orgId === orgId),
        ),
      );
    }
    log('  report totals');

    // HR's export of the oldest four weeks, run by the real export code: it claims those timesheets and writes the CSV.
    if (!ran) {
      await deps.exports.create({
        orgId: period.orgId,
        id: period.id,
        from: period.from,
        to: period.to,
        status: 'running',
        rows: 0,
        totalPence: 0,
        createdAt: now.toISOString(),
        createdBy: period.createdBy,
      });
    }
    const done = await runPayrollExport(period.orgId, period.id, deps);
    log(`  payroll export ${period.from} to ${period.to}: ${done?.status}, ${done?.rows} rows`);
    Object.assign(counts, {
      shifts: h.shifts.length,
      bookings: h.bookings.length,
      timesheets: h.timesheets.length,
      exportedRows: done?.rows ?? 0,
    });
    const invoices = await seedDemoInvoices(deps, data, now);
    log(
      `  invoices ${invoices.made} for ${invoices.months.join(' and ')}: ${invoices.paid} paid, ` +
        `${invoices.signed} Form As signed, ${invoices.awaiting} awaiting signature`,
    );
    counts.invoices = invoices.made;
  }

  // Every record here is counted in the totals above (or counts nothing), so the runtime's one-off rebuild has nothing to do.
  await deps.db.send(
    new PutCommand({ TableName: deps.table, Item: { ...keys.reportTotalsRebuilt(), at: now.toISOString() } }),
  );
  const applicantId = await seedJoining(deps, options.origin ?? 'http://localhost:3000', log);
  counts.documents = await seedDocuments(deps, data, now, applicantId, log);

  await deps.db.send(new PutCommand({ TableName: deps.table, Item: { ...SEED_KEY, at: now.toISOString() } }));
  return { seeded: true, counts };
}

/**
 * The locums' invoices for the two months before `now`, made by the real
 * run, then signed and paid as practices do, unevenly: most of the older
 * month's are settled, some of its Form As still wait (their sessions are
 * near the 10-week pension deadline, so HR sees them at risk), and the last
 * month's are in every state.
 */
async function seedDemoInvoices(deps: Deps, data: DemoData, now: Date) {
  const last = previousMonth(now.toISOString());
  const before = previousMonth(`${last}-15T12:00:00.000Z`);
  const managerOf = (orgId: string, practiceId: string) =>
    data.users.find((u) => u.orgId === orgId && u.role === 'manager' && u.practiceIds?.includes(practiceId));
  const tally = { made: 0, paid: 0, signed: 0, awaiting: 0, months: [before, last] };
  for (const month of [before, last]) {
    // Issued by the run on the 1st of the month after (06:00 London), as the schedule makes them.
    const issued = nextLondonTime(new Date(monthBounds(month).to), 6);
    const runDeps: Deps = { ...deps, clock: new SettableClock(new Date(Math.min(issued.getTime(), now.getTime()))) };
    for (const org of data.organisations) {
      const made = await runInvoices(org.id, month, runDeps);
      tally.made += made.length;
      made.sort((a, b) => a.number.localeCompare(b.number) || a.id.localeCompare(b.id));
      for (const [i, invoice] of made.entries()) {
        const manager = managerOf(org.id, invoice.practiceId);
        // The older month: three in four settled, one in four left waiting; the last: a third each way.
        const turn = month === before ? i % 4 : i % 3;
        const sign = month === before ? turn !== 3 : turn !== 2;
        const pay = month === before ? turn < 2 : turn === 0;
        // Signed and paid a few days after it was issued, and never after now.
        const at = new Date(
          Math.min(Date.parse(invoice.issuedAt) + ((2 + (i % 4)) * 24 + 4) * 3_600_000, now.getTime() - 3_600_000),
        ).toISOString();
        if (invoice.pensionablePence > 0) {
          if (sign && manager) {
            await deps.invoices.signFormA(org.id, invoice.id, at, manager.id, manager.email);
            tally.signed++;
          } else {
            tally.awaiting++;
          }
        }
        if (pay && (await deps.invoices.markPaid(org.id, invoice.id, at, manager?.id ?? 'demo'))) tally.paid++;
      }
    }
  }
  return tally;
}
