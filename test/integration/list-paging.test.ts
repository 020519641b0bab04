import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ValidationError } from '../../lib/domain/errors';
import { computePay } from '../../lib/domain/pay';
import type {
  Escalation,
  Invoice,
  InvoiceStatus,
  Ir35Determination,
  Offer,
  Shift,
  ShiftTemplate,
  TimeOff,
  Timesheet,
} from '../../lib/domain/types';
import type { EvidenceDocument } from '../../lib/store/documents';
import { escalationItem } from '../../lib/store/escalations';
import { type Invite, inviteItem } from '../../lib/store/invites';
import { invoiceItem } from '../../lib/store/invoices';
import * as keys from '../../lib/store/keys';
import { offerItem } from '../../lib/store/offers';
import type { Page, PageRequest } from '../../lib/store/page';
import { chunks } from '../../lib/store/records';
import { shiftItem } from '../../lib/store/shifts';
import { timesheetItem } from '../../lib/store/timesheets';
import { complianceAtRisk } from '../../lib/use-cases/compliance';
import { listDocuments } from '../../lib/use-cases/documents';
import { listEscalations } from '../../lib/use-cases/escalations';
import { listInvites } from '../../lib/use-cases/invites';
import { listInvoices } from '../../lib/use-cases/invoices';
import { listIr35 } from '../../lib/use-cases/ir35';
import { listMyOffers } from '../../lib/use-cases/offers';
import { pensionAtRisk } from '../../lib/use-cases/pension';
import { listPractices } from '../../lib/use-cases/practices';
import { listTemplates } from '../../lib/use-cases/rota';
import { listTimeOff } from '../../lib/use-cases/time-off';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

/**
 * Lists page as the contract says (`?limit=`, `?cursor=`, `nextCursor` while
 * more remain): each page but the last holds `limit` items, following the
 * cursors gives every item once in the list's order, and a cursor is taken
 * only by the list and query that gave it out.
 */

const hr: Caller = { userId: 'usr-hr', email: 'hr@example.org', role: 'hr', orgId: ORG, practiceIds: [] };
const admin: Caller = { ...hr, userId: 'usr-admin', role: 'admin' };

/** Follows a list's cursors to its end: every page, checking each but the last is full and carries a cursor. */
async function walk<T>(list: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await list({ limit, cursor });
    pages.push(page.items);
    if (!page.nextCursor) return pages;
    expect(page.items, `page ${i + 1} of ${limit}, with a next page`).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  throw new Error('the list never ended');
}

/** The ids page by page: the pages' sizes are `limit` but the last, and together they are `ids`, once each. */
function expectPaged(pages: { id: string }[][], limit: number, ids: readonly string[]) {
  const sizes = [
    ...Array(Math.floor(ids.length / limit)).fill(limit),
    ...(ids.length % limit ? [ids.length % limit] : []),
  ];
  expect(pages.map((p) => p.length)).toEqual(sizes);
  expect(pages.flat().map((i) => i.id)).toEqual(ids);
}

async function refused(list: Promise<unknown>) {
  await expect(list).rejects.toBeInstanceOf(ValidationError);
  await expect(list).rejects.toMatchObject({ status: 400, details: [{ path: 'query.cursor' }] });
}

async function write(deps: TestDeps, items: Record<string, unknown>[]) {
  for (const batch of chunks(items, 25)) {
    await deps.db.send(
      new BatchWriteCommand({ RequestItems: { [deps.table]: batch.map((Item) => ({ PutRequest: { Item } })) } }),
    );
  }
}

const garbage = ['not-a-cursor!', Buffer.from('{"PK":1}').toString('base64url'), 'e30', 'W10'];

describe('GET /invoices pages', () => {
  let deps: TestDeps;
  const north = practice();
  const south = practice();
  const locum = clinician({ employment: 'self-employed' });
  const company = clinician({ employment: 'limited-company' });
  const invoices: Invoice[] = [];

  beforeAll(async () => {
    deps = await freshDeps();
    await seed(deps, [north, south], [locum, company]);
    // Eleven invoices over two months, both practices and both clinicians, some paid.
    for (let i = 0; i < 11; i++) {
      const month = i < 6 ? '2027-01' : '2027-02';
      const who = i % 3 === 0 ? company : locum;
      const where = i % 2 === 0 ? north : south;
      const status: InvoiceStatus = i % 4 === 0 ? 'paid' : 'issued';
      invoices.push({
        orgId: ORG,
        id: `inv-${String(i).padStart(3, '0')}`,
        number: `RB-X-${String(i + 1).padStart(4, '0')}`,
        clinicianId: who.id,
        practiceId: where.id,
        month,
        lines: [],
        feePence: 1000,
        mileagePence: 0,
        expensesPence: 0,
        pensionablePence: 0,
        employerPensionPence: 0,
        totalPence: 1000,
        status,
        issuedAt: `${month}-28T09:00:00.000Z`,
        ...(status === 'paid' ? { paidAt: `${month}-28T10:00:00.000Z` } : {}),
      });
    }
    await write(deps, invoices.map(invoiceItem));
  });

  const ids = (keep: (i: Invoice) => boolean) => invoices.filter(keep).map((i) => i.id);

  it('gives HR every invoice a page at a time, oldest month first, each once', async () => {
    expectPaged(
      await walk((page) => listInvoices(hr, page, deps), 4),
      4,
      ids(() => true),
    );
    expectPaged(
      await walk((page) => listInvoices(hr, page, deps), 1),
      1,
      ids(() => true),
    );
    const first = await listInvoices(hr, { limit: 50 }, deps);
    expect(first.items).toHaveLength(11);
    expect(first.nextCursor).toBeUndefined();
  });

  it('fills each page with what the caller sees and asked for, not fewer', async () => {
    expectPaged(
      await walk((page) => listInvoices(manager([north.id]), page, deps), 2),
      2,
      ids((i) => i.practiceId === north.id),
    );
    expectPaged(
      await walk((page) => listInvoices(asClinician(locum), page, deps), 3),
      3,
      ids((i) => i.clinicianId === locum.id),
    );
    const february = (page: PageRequest) => listInvoices(hr, { ...page, month: '2027-02', status: 'issued' }, deps);
    expectPaged(
      await walk(february, 2),
      2,
      ids((i) => i.month === '2027-02' && i.status === 'issued'),
    );
  });

  it('refuses a cursor it did not give out, or one of another month', async () => {
    for (const cursor of garbage) await refused(listInvoices(hr, { limit: 2, cursor }, deps));
    const january = await listInvoices(hr, { limit: 2, month: '2027-01' }, deps);
    expect(january.nextCursor).toBeTruthy();
    await refused(listInvoices(hr, { limit: 2, month: '2027-02', cursor: january.nextCursor }, deps));
    await refused(listInvoices(hr, { limit: 2, cursor: await freshEscalationCursor() }, deps));
  });

  it('refuses another organisation’s cursor', async () => {
    const theirs = await listInvoices({ ...hr, orgId: 'org-other' }, { limit: 1 }, deps);
    expect(theirs.items).toEqual([]);
    const ours = await listInvoices(hr, { limit: 1 }, deps);
    await refused(listInvoices({ ...hr, orgId: 'org-other' }, { limit: 1, cursor: ours.nextCursor }, deps));
  });
});

/** A cursor of the escalations list, from a table of its own. */
async function freshEscalationCursor(): Promise<string> {
  const deps = await freshDeps();
  await write(
    deps,
    [0, 1].map((i) => escalationItem(escalation(`esc-x${i}`, 'prc-x', 'pending', i))),
  );
  const page = await listEscalations(admin, { limit: 1 }, deps);
  return page.nextCursor!;
}

function escalation(id: string, practiceId: string, status: Escalation['status'], minute: number): Escalation {
  return {
    orgId: ORG,
    id,
    shiftId: `sh-${id}`,
    practiceId,
    role: 'gp',
    status,
    fromPence: 9000,
    toPence: 12000,
    capPence: 10000,
    reason: 'No takers',
    requestedBy: 'usr-manager',
    requestedAt: new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString(),
  };
}

describe('GET /escalations pages', () => {
  let deps: TestDeps;
  const north = practice();
  const south = practice();
  const escalations: Escalation[] = [];

  beforeAll(async () => {
    deps = await freshDeps();
    await seed(deps, [north, south], []);
    for (let i = 0; i < 9; i++) {
      const status = i % 3 === 0 ? 'approved' : 'pending';
      escalations.push(escalation(`esc-${String(i).padStart(3, '0')}`, i % 2 ? south.id : north.id, status, i));
    }
    await write(deps, escalations.map(escalationItem));
  });

  const newestFirst = (keep: (e: Escalation) => boolean) =>
    escalations
      .filter(keep)
      .map((e) => e.id)
      .reverse();

  it('gives an admin every escalation a page at a time, newest first, each once', async () => {
    expectPaged(
      await walk((page) => listEscalations(admin, page, deps), 2),
      2,
      newestFirst(() => true),
    );
    expectPaged(
      await walk((page) => listEscalations(admin, page, deps), 4),
      4,
      newestFirst(() => true),
    );
  });

  it('fills a manager’s pages with their practices’ and a status’s pages with that status', async () => {
    const mine = (page: PageRequest) => listEscalations(manager([south.id]), page, deps);
    expectPaged(
      await walk(mine, 3),
      3,
      newestFirst((e) => e.practiceId === south.id),
    );
    const pending = (page: PageRequest) => listEscalations(admin, { ...page, status: 'pending' }, deps);
    expectPaged(
      await walk(pending, 4),
      4,
      newestFirst((e) => e.status === 'pending'),
    );
  });

  it('refuses a cursor it did not give out', async () => {
    for (const cursor of garbage) await refused(listEscalations(admin, { limit: 2, cursor }, deps));
    const invoices = await freshInvoiceCursor();
    await refused(listEscalations(admin, { limit: 2, cursor: invoices }, deps));
  });
});

/** A cursor of the invoices list, from a table of its own. */
async function freshInvoiceCursor(): Promise<string> {
  const deps = await freshDeps();
  const items = [0, 1].map((i) =>
    invoiceItem({
      orgId: ORG,
      id: `inv-x${i}`,
      number: `RB-X-000${i + 1}`,
      clinicianId: 'cln-x',
      practiceId: 'prc-x',
      month: '2027-01',
      lines: [],
      feePence: 0,
      mileagePence: 0,
      expensesPence: 0,
      pensionablePence: 0,
      employerPensionPence: 0,
      totalPence: 0,
      status: 'issued',
      issuedAt: '2027-02-01T09:00:00.000Z',
    }),
  );
  await write(deps, items);
  return (await listInvoices(hr, { limit: 1 }, deps)).nextCursor!;
}

describe('GET /compliance/at-risk pages', () => {
  let deps: TestDeps;
  // Today is 22 November 2026: each of these lapses within 30 days; two share a date, one lapses twice.
  const lapsing = [
    clinician({ name: 'Zoë Adams', compliance: { ...clinician().compliance, trainingExpires: '2026-12-01' } }),
    clinician({ name: 'ada Brown', compliance: { ...clinician().compliance, trainingExpires: '2026-12-01' } }),
    clinician({ name: 'Bea Cole', compliance: { ...clinician().compliance, trainingExpires: '2026-11-30' } }),
    clinician({
      name: 'Cy Dunn',
      compliance: { ...clinician().compliance, trainingExpires: '2026-12-10', indemnityExpires: '2026-12-10' },
    }),
    clinician({ name: 'Di Eve', compliance: { ...clinician().compliance, indemnityExpires: '2026-12-20' } }),
    clinician({ name: 'Ed Fox', compliance: { ...clinician().compliance, indemnityExpires: '2027-01-10' } }),
  ];
  const safe = clinician({ name: 'Al Safe' });

  beforeAll(async () => {
    deps = await freshDeps(new Date('2026-11-22T09:00:00Z'));
    await seed(deps, [practice()], [...lapsing, safe]);
  });

  const place = (l: { clinicianId: string; type: string }) => `${l.clinicianId}:${l.type}`;

  it('gives HR every lapse a page at a time, soonest first, then by name, each once', async () => {
    const all = await complianceAtRisk(hr, { limit: 50 }, deps);
    expect(all.nextCursor).toBeUndefined();
    const [zoe, ada, bea, cy, di] = lapsing.map((c) => c.id);
    expect(all.items.map(place)).toEqual([
      `${bea}:training-bls`,
      `${ada}:training-bls`,
      `${zoe}:training-bls`,
      `${cy}:indemnity`,
      `${cy}:training-bls`,
      `${di}:indemnity`,
    ]);
    for (const limit of [1, 4, 5]) {
      const pages = await walk((page) => complianceAtRisk(hr, page, deps), limit);
      expectPaged(
        pages.map((p) => p.map((l) => ({ id: place(l) }))),
        limit,
        all.items.map(place),
      );
    }
  });

  it('pages a longer look ahead on its own, and refuses a cursor of another `days` or list', async () => {
    const ahead = (page: PageRequest) => complianceAtRisk(hr, { ...page, days: 60 }, deps);
    const pages = await walk(ahead, 2);
    expect(pages.flat().map((l) => l.name)).toContain('Ed Fox');
    expect(pages.flat()).toHaveLength(7);
    const first = await complianceAtRisk(hr, { limit: 2 }, deps);
    await refused(complianceAtRisk(hr, { limit: 2, days: 60, cursor: first.nextCursor }, deps));
    await refused(complianceAtRisk({ ...hr, orgId: 'org-other' }, { limit: 2, cursor: first.nextCursor }, deps));
    for (const cursor of garbage) await refused(complianceAtRisk(hr, { limit: 2, cursor }, deps));
    await refused(complianceAtRisk(hr, { limit: 2, cursor: await freshInvoiceCursor() }, deps));
  });
});

describe('GET /practices pages', () => {
  let deps: TestDeps;
  const names = ['yeovil', 'Bruton', 'Ásbury', 'ashcott', 'Wells', 'Chard', 'bath'];
  const practices = names.map((name) => practice({ name }));

  beforeAll(async () => {
    deps = await freshDeps();
    await seed(deps, practices, []);
  });

  it('gives every practice a page at a time, by name as people read it, each once', async () => {
    const byName = [...practices].sort((a, b) => a.name.localeCompare(b.name)).map((p) => p.id);
    expect(byName.map((id) => practices.find((p) => p.id === id)!.name)).toEqual([
      'Ásbury',
      'ashcott',
      'bath',
      'Bruton',
      'Chard',
      'Wells',
      'yeovil',
    ]);
    for (const limit of [1, 3, 6]) {
      expectPaged(await walk((page) => listPractices(hr, page, deps), limit), limit, byName);
    }
  });

  it('refuses a cursor it did not give out, or another organisation’s', async () => {
    for (const cursor of garbage) await refused(listPractices(hr, { limit: 2, cursor }, deps));
    const first = await listPractices(hr, { limit: 2 }, deps);
    await refused(listPractices({ ...hr, orgId: 'org-other' }, { limit: 2, cursor: first.nextCursor }, deps));
    await refused(listPractices(hr, { limit: 2, cursor: await freshInvoiceCursor() }, deps));
  });
});

describe('GET /offers pages', () => {
  let deps: TestDeps;
  const surgery = practice();
  const locum = clinician();
  const other = clinician();
  const offers: Offer[] = [];

  beforeAll(async () => {
    deps = await freshDeps(new Date('2026-11-22T09:00:00Z'));
    await seed(deps, [surgery], [locum, other]);
    const items: Record<string, unknown>[] = [];
    // Seven live offers of open shifts, two starting together; one more whose shift is filled is not live.
    const days = ['05', '01', '03', '03', '09', '02', '07', '04'];
    days.forEach((day, i) => {
      const shift: Shift = {
        orgId: ORG,
        id: `sh-off-${i}`,
        practiceId: surgery.id,
        role: 'gp',
        skills: [],
        start: `2026-12-${day}T09:00:00.000Z`,
        end: `2026-12-${day}T13:00:00.000Z`,
        breakMinutes: 0,
        hourlyRatePence: 9000,
        cascadeMinutes: 0,
        status: i === 7 ? 'filled' : 'open',
        postedAt: '2026-11-20T09:00:00.000Z',
        postedBy: 'usr-manager',
        round: 1,
      };
      const offer: Offer = {
        orgId: ORG,
        id: `off-${String(i).padStart(3, '0')}`,
        shiftId: shift.id,
        clinicianId: locum.id,
        code: String(1000 + i),
        status: 'live',
        wave: 1,
        round: 1,
        createdAt: '2026-11-20T09:00:00.000Z',
        expiresAt: '2026-11-30T09:00:00.000Z',
      };
      items.push(shiftItem(shift), offerItem(offer));
      if (i !== 7) offers.push(offer);
    });
    await write(deps, items);
  });

  it('gives a clinician their live offers a page at a time, soonest shift first, each once', async () => {
    const start = (o: Offer) => `2026-12-${['05', '01', '03', '03', '09', '02', '07'][Number(o.id.slice(-3))]}`;
    const expected = [...offers].sort((a, b) => start(a).localeCompare(start(b)) || a.id.localeCompare(b.id));
    for (const limit of [1, 2, 4]) {
      const pages = await walk((page) => listMyOffers(asClinician(locum), page, deps), limit);
      expectPaged(
        pages,
        limit,
        expected.map((o) => o.id),
      );
      expect(pages.flat()[0]!.shift.start).toBe('2026-12-01T09:00:00.000Z');
    }
    expect((await listMyOffers(asClinician(other), { limit: 2 }, deps)).items).toEqual([]);
  });

  it('refuses a cursor it did not give out, or another clinician’s', async () => {
    for (const cursor of garbage) await refused(listMyOffers(asClinician(locum), { limit: 2, cursor }, deps));
    const first = await listMyOffers(asClinician(locum), { limit: 2 }, deps);
    await refused(listMyOffers(asClinician(other), { limit: 2, cursor: first.nextCursor }, deps));
  });
});

describe('GET /clinicians/{id}/time-off pages', () => {
  let deps: TestDeps;
  const periods: TimeOff[] = ['2026-12-20', '2026-11-25', '2027-01-05', '2026-12-01', '2026-12-01', '2027-02-10'].map(
    (from, i) => ({ id: `to-${String(i).padStart(3, '0')}`, from, to: from, createdAt: '2026-11-01T00:00:00.000Z' }),
  );
  const away = clinician({
    timeOff: [
      ...periods,
      { id: 'to-past', from: '2026-11-01', to: '2026-11-02', createdAt: '2026-10-01T00:00:00.000Z' },
    ],
  });
  const other = clinician();

  beforeAll(async () => {
    deps = await freshDeps(new Date('2026-11-22T09:00:00Z'));
    await seed(deps, [], [away, other]);
  });

  it('gives current and future time off a page at a time, soonest first, each once', async () => {
    const expected = [...periods]
      .sort((a, b) => a.from.localeCompare(b.from) || a.id.localeCompare(b.id))
      .map((t) => t.id);
    for (const limit of [1, 4, 5]) {
      expectPaged(await walk((page) => listTimeOff(admin, away.id, page, deps), limit), limit, expected);
    }
  });

  it('refuses a cursor it did not give out, or one of another clinician', async () => {
    for (const cursor of garbage) await refused(listTimeOff(admin, away.id, { limit: 2, cursor }, deps));
    const first = await listTimeOff(admin, away.id, { limit: 2 }, deps);
    await refused(listTimeOff(admin, other.id, { limit: 2, cursor: first.nextCursor }, deps));
  });
});

describe('GET /clinicians/{id}/ir35 pages', () => {
  let deps: TestDeps;
  const yeovil = practice();
  const sherborne = practice();
  const ltd = clinician({ employment: 'limited-company' });
  const other = clinician({ employment: 'limited-company' });
  const made: Ir35Determination[] = [];

  beforeAll(async () => {
    deps = await freshDeps();
    await seed(deps, [yeovil, sherborne], [ltd, other]);
    for (let i = 0; i < 7; i++) {
      made.push({
        orgId: ORG,
        clinicianId: ltd.id,
        practiceId: i % 3 === 0 ? sherborne.id : yeovil.id,
        determination: i % 2 ? 'inside' : 'outside',
        reason: `Review ${i}`,
        decidedBy: 'usr-admin',
        decidedAt: new Date(Date.UTC(2026, 10, 1 + i, 9)).toISOString(),
      });
    }
    await write(
      deps,
      made.map((d, i) => ({ ...keys.ir35Determination(ORG, ltd.id, d.decidedAt, `ir-${i}`), type: 'IR35', ...d })),
    );
  });

  const newestFirst = (keep: (d: Ir35Determination) => boolean) =>
    made
      .filter(keep)
      .map((d) => d.decidedAt)
      .reverse();
  const asIds = (pages: Ir35Determination[][]) => pages.map((p) => p.map((d) => ({ id: d.decidedAt })));

  it('gives the determinations a page at a time, newest first, each once; a manager’s pages hold their practices’', async () => {
    expectPaged(
      asIds(await walk((page) => listIr35(admin, ltd.id, page, deps), 3)),
      3,
      newestFirst(() => true),
    );
    const mine = (page: PageRequest) => listIr35(manager([yeovil.id]), ltd.id, page, deps);
    expectPaged(
      asIds(await walk(mine, 2)),
      2,
      newestFirst((d) => d.practiceId === yeovil.id),
    );
  });

  it('refuses a cursor it did not give out, or one of another clinician', async () => {
    for (const cursor of garbage) await refused(listIr35(admin, ltd.id, { limit: 2, cursor }, deps));
    const first = await listIr35(admin, ltd.id, { limit: 2 }, deps);
    await refused(listIr35(admin, other.id, { limit: 2, cursor: first.nextCursor }, deps));
    // The clinician's own partition, but outside the determinations: not a cursor this list gave out.
    const profile = Buffer.from(JSON.stringify({ PK: keys.clinician(ORG, ltd.id).PK, SK: 'PROFILE' })).toString(
      'base64url',
    );
    await refused(listIr35(admin, ltd.id, { limit: 2, cursor: profile }, deps));
  });
});

describe('GET /pension/at-risk pages', () => {
  let deps: TestDeps;
  const surgery = practice();
  const member = clinician({ employment: 'self-employed', pension: { member: true, schemeRef: 'SD123456' } });
  const now = new Date('2027-03-10T07:00:00Z');
  const daysAgo = (days: number) => new Date(Date.UTC(2027, 2, 10 - days, 8)).toISOString();
  const sessions: Timesheet[] = [];

  beforeAll(async () => {
    deps = await freshDeps(now);
    await seed(deps, [surgery], [member]);
    // Six sessions between 50 and 60 days old (two on one day) wait on a Form A; one 20 days old is not yet at risk.
    [50, 52, 52, 55, 58, 60, 20].forEach((age, i) => {
      const start = daysAgo(age);
      const end = new Date(Date.parse(start) + 4 * 3_600_000).toISOString();
      const pay = computePay({ start, end, breakMinutes: 0, hourlyRatePence: 9000, bankHolidayUplift: 1.5 });
      sessions.push({
        orgId: ORG,
        id: `ts-pn-${i}`,
        bookingId: `bk-pn-${i}`,
        shiftId: `sh-pn-${i}`,
        clinicianId: member.id,
        practiceId: surgery.id,
        start,
        end,
        shiftStart: start,
        breakMinutes: 0,
        hourlyRatePence: 9000,
        ...pay,
        employment: 'self-employed',
        status: 'approved',
        submittedAt: end,
      });
    });
    await write(deps, sessions.map(timesheetItem));
  });

  it('gives the sessions at risk a page at a time, oldest first, each once', async () => {
    const expected = sessions
      .filter((t) => t.id !== 'ts-pn-6')
      .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id))
      .map((t) => t.id);
    expect(expected[0]).toBe('ts-pn-5');
    for (const limit of [1, 4, 5]) {
      const pages = await walk((page) => pensionAtRisk(hr, page, deps), limit);
      expectPaged(
        pages.map((p) => p.map((s) => ({ id: s.timesheet.id }))),
        limit,
        expected,
      );
    }
  });

  it('refuses a cursor it did not give out, or another organisation’s', async () => {
    for (const cursor of garbage) await refused(pensionAtRisk(hr, { limit: 2, cursor }, deps));
    const first = await pensionAtRisk(hr, { limit: 2 }, deps);
    await refused(pensionAtRisk({ ...hr, orgId: 'org-other' }, { limit: 2, cursor: first.nextCursor }, deps));
  });
});

describe('GET /shift-templates pages', () => {
  let deps: TestDeps;
  const surgery = practice();
  const other = practice();
  const templates: ShiftTemplate[] = [];

  beforeAll(async () => {
    deps = await freshDeps();
    await seed(deps, [surgery, other], []);
    for (let i = 0; i < 7; i++) {
      const t: ShiftTemplate = {
        orgId: ORG,
        id: `tpl-${String(i).padStart(3, '0')}`,
        practiceId: i === 6 ? other.id : surgery.id,
        name: `Session ${i}`,
        role: 'gp',
        skills: [],
        sessions: [{ from: '08:00', to: '12:00', breakMinutes: 0 }],
        hourlyRatePence: 9000,
        cascadeMinutes: 30,
        createdAt: new Date(Date.UTC(2026, 10, 1, 9, i)).toISOString(),
        createdBy: 'usr-manager',
      };
      await deps.templates.create(t);
      templates.push(t);
    }
  });

  it('gives a practice’s templates a page at a time, oldest first, each once', async () => {
    const ours = templates.filter((t) => t.practiceId === surgery.id).map((t) => t.id);
    for (const limit of [1, 4, 5]) {
      const list = (page: PageRequest) => listTemplates(manager([surgery.id]), surgery.id, page, deps);
      expectPaged(await walk(list, limit), limit, ours);
    }
  });

  it('refuses a cursor it did not give out, or one of another practice', async () => {
    const list = (practiceId: string, cursor?: string) => listTemplates(admin, practiceId, { limit: 2, cursor }, deps);
    for (const cursor of garbage) await refused(list(surgery.id, cursor));
    await refused(list(other.id, (await list(surgery.id)).nextCursor));
  });
});

describe('GET /clinicians/{id}/documents pages', () => {
  let deps: TestDeps;
  const locum = clinician();
  const other = clinician();
  const documents: EvidenceDocument[] = [];

  beforeAll(async () => {
    deps = await freshDeps();
    await seed(deps, [], [locum, other]);
    const types = ['dbs', 'indemnity', 'training-bls', 'cv', 'photo-id', 'reference', 'hep-b'] as const;
    for (const [i, type] of types.entries()) {
      const doc: EvidenceDocument = {
        orgId: ORG,
        id: `doc-${String(i).padStart(3, '0')}`,
        clinicianId: locum.id,
        type,
        status: 'pending',
        fileName: `${type}.pdf`,
        contentType: 'application/pdf',
        bytes: 1000,
        fileKey: `${ORG}/${locum.id}/doc-${i}`,
        createdAt: new Date(Date.UTC(2026, 10, 1, 9, i)).toISOString(),
        createdBy: 'usr-admin',
      };
      await deps.documents.create(doc);
      documents.push(doc);
    }
  });

  it('gives a clinician’s documents a page at a time, oldest first, each once', async () => {
    for (const limit of [1, 3, 7]) {
      const list = (page: PageRequest) => listDocuments(admin, locum.id, page, deps);
      expectPaged(
        await walk(list, limit),
        limit,
        documents.map((d) => d.id),
      );
    }
  });

  it('refuses a cursor it did not give out, or one of another clinician', async () => {
    for (const cursor of garbage) await refused(listDocuments(admin, locum.id, { limit: 2, cursor }, deps));
    const first = await listDocuments(admin, locum.id, { limit: 2 }, deps);
    await refused(listDocuments(admin, other.id, { limit: 2, cursor: first.nextCursor }, deps));
  });
});

describe('GET /invites pages', () => {
  let deps: TestDeps;
  const invites: Invite[] = [];

  beforeAll(async () => {
    deps = await freshDeps(new Date('2026-11-22T09:00:00Z'));
    for (let i = 0; i < 7; i++) {
      invites.push({
        id: `inv-${String(i).padStart(3, '0')}`,
        orgId: ORG,
        email: `joiner${i}@bank.example`,
        roles: ['gp'],
        tokenHash: `hash-${i}`,
        status: 'pending',
        createdAt: new Date(Date.UTC(2026, 10, 20, 9, i)).toISOString(),
        createdBy: 'usr-hr',
        expiresAt: new Date(Date.UTC(2026, 10, 27, 9, i)).toISOString(),
      });
    }
    await write(deps, invites.map(inviteItem));
  });

  it('gives the invitations a page at a time, newest first, each once', async () => {
    const newestFirst = invites.map((i) => i.id).reverse();
    for (const limit of [1, 3, 4]) {
      expectPaged(await walk((page) => listInvites(hr, page, deps), limit), limit, newestFirst);
    }
  });

  it('refuses a cursor it did not give out, or another organisation’s', async () => {
    for (const cursor of garbage) await refused(listInvites(hr, { limit: 2, cursor }, deps));
    const first = await listInvites(hr, { limit: 2 }, deps);
    await refused(listInvites({ ...hr, orgId: 'org-other' }, { limit: 2, cursor: first.nextCursor }, deps));
  });
});
