import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import type { DocumentType } from '../domain/documents';
import { ForbiddenError } from '../domain/errors';
import { type BookingAtRisk, complianceState, daysBetween, type Lapse, reminderDue } from '../domain/requirements';
import { addDays, londonDate, parseInstant } from '../domain/time';
import type { BookedInterval, Clinician, OutboxMessage, Practice, Role } from '../domain/types';
import { toClinician } from '../notify/messages';
import { bookingAtRiskMessage, complianceExpiringMessage, formatShiftWhen } from '../notify/templates';
import { ComplianceReminderStore } from '../store/compliance-reminders';
import { comparePlaces, type MemoryOrder, type Page, type PageRequest, pageInMemory } from '../store/page';
import { found } from './access';

/** How far ahead `GET /compliance/at-risk` looks unless asked: the first reminder's distance. */
export const AT_RISK_DAYS = 30;

export async function setPracticeRequirements(
  caller: Caller,
  practiceId: string,
  types: readonly DocumentType[],
  deps: Pick<Deps, 'practices'>,
): Promise<Practice> {
  if (caller.role !== 'admin') throw new ForbiddenError("Only an admin may change a practice's requirements");
  const before = found(await deps.practices.get(caller.orgId, practiceId), caller, 'practice', practiceId);
  return deps.practices.update(before, { requirements: [...new Set(types)] });
}

/** Every practice's own extra types: any of them a clinician holds is watched, as they may work anywhere. */
function practiceExtras(practices: readonly Practice[]): DocumentType[] {
  return [...new Set(practices.flatMap((p) => p.requirements ?? []))];
}

/** The clinician's required types lapsing on or before `until`, with the item whose lapse it is. */
function lapsingTypes(c: Clinician, extras: readonly DocumentType[], until: string) {
  const state = complianceState(c, { practiceRequirements: extras });
  return state.types.flatMap((t) =>
    t.validUntil && t.validUntil <= until ? [{ type: t.type, validUntil: t.validUntil, item: t.item }] : [],
  );
}

/** The London day of a booking's final minute, as the compliance rule judges a shift. */
const lastDayOf = (b: Pick<BookedInterval, 'end'>) => londonDate(new Date(Date.parse(b.end) - 1));

async function everyClinician(orgId: string, deps: Pick<ReadingDeps, 'clinicians'>): Promise<Clinician[]> {
  const out: Clinician[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.clinicians.list(orgId, {}, { limit: 200, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out.filter((c) => c.status !== 'disabled');
}

/**
 * The lapses of the organisation: what lapses from `today` to `until`, and
 * what has lapsed already while a booking still falls after it. Reads the
 * bank (one query per 200), the practices, and the diaries of the clinicians
 * with a lapse (BatchGet), never every document.
 */
async function lapses(
  orgId: string,
  today: string,
  until: string,
  deps: Pick<ReadingDeps, 'clock' | 'practices' | 'clinicians' | 'bookings'>,
): Promise<{ lapses: Lapse[]; clinicians: Map<string, Clinician>; practices: Map<string, Practice> }> {
  const [clinicians, practices] = await Promise.all([everyClinician(orgId, deps), deps.practices.list(orgId)]);
  const extras = practiceExtras(practices);
  const found = clinicians.map((c) => ({ c, types: lapsingTypes(c, extras, until) })).filter((x) => x.types.length);
  const { diaries } = found.length
    ? await deps.bookings.diaries(
        orgId,
        found.map((x) => x.c.id),
      )
    : { diaries: new Map<string, BookedInterval[]>() };
  const now = deps.clock.now().getTime();
  const future = new Map(
    found.map(({ c }) => [c.id, (diaries.get(c.id) ?? []).filter((b) => Date.parse(b.end) > now)] as const),
  );
  // Entries written before bookings carried their site need the booking itself for the practice.
  const unsited = [...future.values()].flat().filter((b) => !b.site);
  const practiceOf = new Map<string, string>();
  if (unsited.length) {
    for (const b of await deps.bookings.getMany(
      orgId,
      unsited.map((b) => b.bookingId),
    )) {
      if (b.status === 'confirmed') practiceOf.set(b.id, b.practiceId);
    }
  }
  const out: Lapse[] = [];
  for (const { c, types } of found) {
    for (const t of types) {
      const bookings = (future.get(c.id) ?? [])
        .filter((b) => lastDayOf(b) >= t.validUntil)
        .flatMap((b) => {
          const practiceId = b.site?.practiceId ?? practiceOf.get(b.bookingId);
          return practiceId
            ? [{ bookingId: b.bookingId, shiftId: b.shiftId, practiceId, start: b.start, end: b.end }]
            : [];
        })
        .sort((a, b) => a.start.localeCompare(b.start));
      if (t.validUntil <= today && !bookings.length) continue;
      out.push({
        clinicianId: c.id,
        name: c.name,
        type: t.type,
        expiresOn: t.validUntil,
        ...(t.item?.documentId ? { documentId: t.item.documentId } : {}),
        bookings,
      });
    }
  }
  out.sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.name.localeCompare(b.name));
  return {
    lapses: out,
    clinicians: new Map(clinicians.map((c) => [c.id, c])),
    practices: new Map(practices.map((p) => [p.id, p])),
  };
}

/**
 * The order lapses are listed and paged in: soonest first, then by name (as
 * people read it), then by clinician and type, which make each place unique.
 */
function atRiskOrder(orgId: string, days: number): MemoryOrder<Lapse> {
  return {
    list: `${orgId}#COMPLIANCE-AT-RISK#${days}`,
    fields: ['expiresOn', 'name', 'clinicianId', 'type'],
    place: (l) => [l.expiresOn, l.name, l.clinicianId, l.type],
    compare: (a, b) =>
      comparePlaces(a.slice(0, 1), b.slice(0, 1)) ||
      a[1]!.localeCompare(b[1]!) ||
      comparePlaces(a.slice(1), b.slice(1)),
  };
}

/**
 * `GET /compliance/at-risk`: admin and HR see the whole organisation; a
 * manager only the lapses with a booking at a practice they run, and only
 * those bookings. The list is derived from the bank, the practices and the
 * diaries, so each page derives it whole and pages it in memory.
 */
export async function complianceAtRisk(
  caller: Caller,
  query: { days?: number } & PageRequest,
  deps: Pick<ReadingDeps, 'clock' | 'practices' | 'clinicians' | 'bookings'>,
): Promise<Page<Lapse>> {
  if (caller.role !== 'admin' && caller.role !== 'hr' && caller.role !== 'manager') {
    throw new ForbiddenError('At-risk compliance is for admin, HR and managers');
  }
  const today = londonDate(deps.clock.now());
  const days = query.days ?? AT_RISK_DAYS;
  const result = await lapses(caller.orgId, today, addDays(today, days), deps);
  const seen =
    caller.role !== 'manager'
      ? result.lapses
      : result.lapses.flatMap((l) => {
          const bookings = l.bookings.filter((b) => caller.practiceIds.includes(b.practiceId));
          return bookings.length ? [{ ...l, bookings }] : [];
        });
  return pageInMemory(seen, atRiskOrder(caller.orgId, days), { limit: query.limit, cursor: query.cursor });
}

/**
 * The daily reminder run: for each required document reaching 30, 14 or 3
 * days before it lapses, the clinician is told, and the managers of each
 * practice with a booking after the lapse are told it is at risk. Each of
 * those (the clinician's, and each practice's) is one transaction with its
 * marker, so a retried or concurrent run sends nothing twice.
 * @returns how many reminders this run sent (markers it wrote).
 */
export async function runComplianceReminders(
  orgId: string,
  deps: Pick<ReadingDeps, 'db' | 'table' | 'clock' | 'practices' | 'clinicians' | 'shifts' | 'bookings'>,
): Promise<number> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = londonDate(now);
  const store = new ComplianceReminderStore(deps.db, deps.table);
  const result = await lapses(orgId, today, addDays(today, 30), deps);
  const due = result.lapses.flatMap((l) => {
    const threshold = reminderDue(today, l.expiresOn);
    return threshold ? [{ ...l, threshold }] : [];
  });
  if (!due.length) return 0;
  const shiftIds = [...new Set(due.flatMap((l) => l.bookings.map((b) => b.shiftId)))];
  const [managers, shifts] = await Promise.all([
    store.managers(orgId),
    Promise.all(shiftIds.map((id) => deps.shifts.get(orgId, id))),
  ]);
  const roleOf = new Map<string, Role>(shifts.flatMap((s) => (s ? [[s.id, s.role] as const] : [])));
  let sent = 0;
  for (const lapse of due) {
    const clinician = result.clinicians.get(lapse.clinicianId);
    if (!clinician) continue;
    const key = `${lapse.type}#${lapse.documentId ?? 'record'}#${lapse.expiresOn}#${lapse.threshold}`;
    const id = (who: string) => `remind-${lapse.clinicianId}-${key.replaceAll('#', '-')}-${who}`;
    const base = (who: string) => ({ orgId, id: id(who), createdAt: at });
    const toThem = toClinician(
      base('clinician'),
      'compliance-expiring',
      clinician,
      complianceExpiringMessage({
        type: lapse.type,
        lapsesOn: lapse.expiresOn,
        daysLeft: daysBetween(today, lapse.expiresOn),
        bookingsAtRisk: lapse.bookings.length,
      }),
    );
    if (await store.sendOnce({ orgId, clinicianId: clinician.id, key, at }, [toThem], now.getTime())) sent++;
    for (const [practiceId, bookings] of byPractice(lapse.bookings)) {
      const practice = result.practices.get(practiceId);
      if (!practice) continue;
      const messages = atRiskMessages(
        base,
        practice,
        managers,
        bookingAtRiskMessage({
          clinicianName: clinician.name,
          practiceName: practice.name,
          type: lapse.type,
          lapsesOn: lapse.expiresOn,
          bookings: bookings.map((b) => ({
            role: roleOf.get(b.shiftId) ?? clinician.roles[0] ?? 'gp',
            when: formatShiftWhen(b.start, b.end),
          })),
        }),
      );
      const marker = { orgId, clinicianId: clinician.id, key: `${key}#${practiceId}`, at };
      if (messages.length && (await store.sendOnce(marker, messages, now.getTime()))) sent++;
    }
  }
  return sent;
}

function byPractice(bookings: readonly BookingAtRisk[]): Map<string, BookingAtRisk[]> {
  const out = new Map<string, BookingAtRisk[]>();
  for (const b of bookings) out.set(b.practiceId, [...(out.get(b.practiceId) ?? []), b]);
  return out;
}

/** To each manager of the practice by email; a practice nobody manages in the app hears at its rota inbox. */
function atRiskMessages(
  base: (who: string) => { orgId: string; id: string; createdAt: string },
  practice: Practice,
  managers: readonly { email: string; practiceIds: string[] }[],
  text: { subject: string; email: string },
): OutboxMessage[] {
  const to = managers.filter((m) => m.practiceIds.includes(practice.id)).map((m) => m.email);
  if (!to.length && practice.email) to.push(practice.email);
  return [...new Set(to)].map((email) => ({
    ...base(`${practice.id}-${email}`),
    kind: 'booking-at-risk',
    channel: 'email',
    to: email,
    subject: text.subject,
    body: text.email,
  }));
}

/** When the daily run goes: 07:00 London, before the practices open. */
const DAILY_RUN_AT = '07:00';

/** Schedules the organisation's next daily run (the local runtime's chain; AWS has a recurring schedule). */
export async function scheduleComplianceReminders(
  orgId: string,
  deps: Pick<Deps, 'clock' | 'scheduler'>,
): Promise<void> {
  const now = deps.clock.now();
  const today = londonDate(now);
  const todayAt = parseInstant(`${today}T${DAILY_RUN_AT}`);
  const on = todayAt && Date.parse(todayAt) > now.getTime() ? today : addDays(today, 1);
  const at = parseInstant(`${on}T${DAILY_RUN_AT}`) ?? `${on}T07:00:00.000Z`;
  await deps.scheduler.schedule(new Date(at), { kind: 'compliance-reminders', orgId, on });
}
