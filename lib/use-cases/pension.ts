import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError, ForbiddenError } from '../domain/errors';
import {
  AT_RISK_DAYS,
  isAtRisk,
  LOCUM_REMINDER_DAYS,
  missingFor,
  PENSION_DEADLINE_DAYS,
  type PensionSession,
  PRACTICE_REMINDER_DAYS,
  pensionDeadline,
  reachedThreshold,
} from '../domain/pension';
import { addDays, londonDate, startOfLondonDay } from '../domain/time';
import type { Clinician, Invoice, OutboxMessage, Practice } from '../domain/types';
import { toClinician, toPractice } from '../notify/messages';
import { type Page, type PageRequest, pageInMemory } from '../store/page';
import type { PensionReminderMarker } from '../store/pension';
import { chunks } from '../store/records';
import { getInvoice } from './invoices';

/** A clinician whose work is pensioned through Forms A and B: a self-employed member of the NHS Pension Scheme. */
export function pensionsByFormA(c: Pick<Clinician, 'employment' | 'pension'> | undefined): boolean {
  return c?.employment === 'self-employed' && c.pension?.member === true;
}

export function noFormA(invoice: Invoice): ConflictError {
  return new ConflictError(
    'INVALID_STATE',
    `Invoice ${invoice.number} has no Form A: it carries no pensionable pay (locum work is pensioned only for a self-employed member of the NHS Pension Scheme, and a late cancellation's fee never is)`,
  );
}

/**
 * The practice's manager (or an admin) certifies the Form A, once: the
 * first signature stands, and a second answers 409 INVALID_STATE naming it,
 * as marking an invoice paid twice does.
 */
export async function signFormA(caller: Caller, id: string, deps: Pick<Deps, 'clock' | 'invoices'>): Promise<Invoice> {
  const invoice = await getInvoice(caller, id, deps);
  if (caller.role !== 'manager' && caller.role !== 'admin') {
    throw new ForbiddenError("Only the practice's manager or an admin signs a Form A");
  }
  if (invoice.pensionablePence <= 0) throw noFormA(invoice);
  const at = deps.clock.now().toISOString();
  if (!(await deps.invoices.signFormA(caller.orgId, id, at, caller.userId, caller.email))) {
    const now = await deps.invoices.get(caller.orgId, id);
    throw new ConflictError('INVALID_STATE', `The Form A of invoice ${invoice.number} is already signed`, {
      signedAt: now?.formASignedAt,
      signedBy: now?.formASignedByEmail ?? now?.formASignedBy,
    });
  }
  return { ...invoice, formASignedAt: at, formASignedBy: caller.userId, formASignedByEmail: caller.email };
}

/**
 * A pension member's sessions from `minAge` to `maxAge` days old (London
 * dates) on `today` that still lack a signed Form A or payment.
 */
async function openSessions(
  orgId: string,
  today: string,
  minAge: number,
  maxAge: number,
  deps: Pick<ReadingDeps, 'clinicians' | 'invoices' | 'pension'>,
) {
  const from = startOfLondonDay(addDays(today, -maxAge));
  const to = startOfLondonDay(addDays(today, -minAge + 1));
  const sessions = await deps.pension.sessions(orgId, from, to);
  const clinicians = new Map(
    (await deps.clinicians.getMany(orgId, [...new Set(sessions.map((t) => t.clinicianId))])).map((c) => [c.id, c]),
  );
  const members = sessions.filter((t) => pensionsByFormA(clinicians.get(t.clinicianId)));
  const invoiceIds = [...new Set(members.flatMap((t) => (t.invoiceId ? [t.invoiceId] : [])))];
  const invoices = new Map<string, Invoice>();
  for (const batch of chunks(invoiceIds, 25)) {
    for (const invoice of await Promise.all(batch.map((id) => deps.invoices.get(orgId, id)))) {
      if (invoice) invoices.set(invoice.id, invoice);
    }
  }
  const out: PensionSession[] = [];
  for (const t of members) {
    const date = londonDate(t.shiftStart ?? t.start);
    const invoice = t.invoiceId ? invoices.get(t.invoiceId) : undefined;
    // A pension member's invoice with nothing pensionable (only a cancellation fee) has no Form A to wait for.
    if (invoice && invoice.pensionablePence <= 0) continue;
    const missing = missingFor(invoice);
    if (!missing.length) continue;
    out.push({
      timesheet: t,
      clinician: clinicians.get(t.clinicianId)!,
      date,
      deadline: pensionDeadline(date),
      invoice,
      missing,
    });
  }
  return out;
}

/** HR and admins: pensionable sessions within 21 days of their deadline whose Form A is unsigned or invoice unpaid. */
export async function pensionAtRisk(
  caller: Caller,
  page: PageRequest,
  deps: Pick<ReadingDeps, 'clock' | 'clinicians' | 'invoices' | 'pension'>,
): Promise<Page<PensionSession>> {
  if (caller.role !== 'hr' && caller.role !== 'admin') {
    throw new ForbiddenError('Only HR or an admin sees the pension sessions at risk');
  }
  const today = londonDate(deps.clock.now());
  const sessions = await openSessions(
    caller.orgId,
    today,
    PENSION_DEADLINE_DAYS - AT_RISK_DAYS,
    PENSION_DEADLINE_DAYS,
    deps,
  );
  // Derived from the timesheets, their clinicians and invoices: built whole and paged in memory, in the order
  // the sessions were read (by the shift's start, then the timesheet's id).
  const order = {
    list: `${caller.orgId}#PENSION-AT-RISK`,
    fields: ['start', 'id'],
    place: (s: PensionSession) => [s.timesheet.shiftStart ?? s.timesheet.start, s.timesheet.id],
  };
  return pageInMemory(
    sessions.filter((s) => isAtRisk(s.deadline, today)),
    order,
    page,
  );
}

const describe = (s: PensionSession, practices: Map<string, Practice>) =>
  `${s.date} ${s.clinician.name} at ${practices.get(s.timesheet.practiceId)?.name ?? s.timesheet.practiceId}` +
  `${s.invoice ? ` (invoice ${s.invoice.number})` : ' (not yet invoiced)'}: ${s.missing
    .map((m) => (m === 'form-a' ? 'Form A unsigned' : 'unpaid'))
    .join(', ')}; pension deadline ${s.deadline}`;

function practiceText(practice: Practice, sessions: PensionSession[], weeks: number, practices: Map<string, Practice>) {
  return {
    subject: `Locum pension forms due: ${sessions.length} session${sessions.length === 1 ? '' : 's'} ${weeks} weeks old`,
    email:
      `${practice.name}: these locum GP sessions are ${weeks} weeks old and cannot be pensioned after 10 weeks ` +
      `unless the practice signs the locum's Form A and pays the invoice.\n\n` +
      sessions.map((s) => `- ${describe(s, practices)}`).join('\n'),
  };
}

function locumText(sessions: PensionSession[], practices: Map<string, Practice>) {
  const first = sessions.map((s) => s.deadline).sort()[0];
  return {
    sms:
      `Rota Bank: ${sessions.length} of your sessions ${sessions.length === 1 ? 'is' : 'are'} 8 weeks old and not ` +
      `yet pensionable (Form A unsigned or unpaid). Deadline ${first}. Ask the practice to sign and pay.`,
    subject: 'Your locum pension deadline is close',
    email:
      'These sessions are 8 weeks old: work more than 10 weeks old cannot be pensioned. ' +
      'Please ask the practice to sign your Form A and pay the invoice.\n\n' +
      sessions.map((s) => `- ${describe(s, practices)}`).join('\n'),
  };
}

/**
 * Writes one reminder (per recipient) for `sessions`, guarded per session by
 * its marker: sessions another run already told of are dropped and the rest
 * go again, so a run repeated, or two at once, tell each session once.
 */
async function remindOnce(
  orgId: string,
  audience: 'practice' | 'locum',
  days: number,
  sessions: PensionSession[],
  message: (told: PensionSession[], id: string, at: string) => OutboxMessage[],
  deps: Pick<Deps, 'clock' | 'newId' | 'pension'>,
): Promise<number> {
  let sent = 0;
  for (const part of chunks(sessions, 90)) {
    let rest = part;
    while (rest.length) {
      const now = deps.clock.now();
      const messages = message(rest, deps.newId(), now.toISOString());
      // No address to tell (a practice without a rota inbox): nothing to guard either.
      const [first] = messages;
      if (!first) break;
      const markers: PensionReminderMarker[] = rest.map((s) => ({ timesheetId: s.timesheet.id, audience, days }));
      const taken = await deps.pension.remind(orgId, markers, first, now.getTime());
      if (!taken.length) {
        sent++;
        break;
      }
      const skip = new Set(taken);
      rest = rest.filter((_, i) => !skip.has(i));
    }
  }
  return sent;
}

/**
 * The daily 10-week watchdog: tells each practice of its locum sessions that
 * reached 4 or 6 weeks with the Form A unsigned or the invoice unpaid, and
 * each locum of theirs that reached 8, once per session per threshold.
 */
export async function runPensionWatchdog(
  orgId: string,
  deps: Pick<ReadingDeps, 'clock' | 'newId' | 'practices' | 'clinicians' | 'invoices' | 'pension'>,
): Promise<{ practice: number; locum: number }> {
  const today = londonDate(deps.clock.now());
  const sessions = await openSessions(orgId, today, PRACTICE_REMINDER_DAYS[0], PENSION_DEADLINE_DAYS, deps);
  const practices = new Map((await deps.practices.list(orgId)).map((p) => [p.id, p]));
  const sent = { practice: 0, locum: 0 };

  const group = (
    audience: 'practice' | 'locum',
    thresholds: readonly number[],
    keyOf: (s: PensionSession) => string,
  ) => {
    const groups = new Map<string, { days: number; sessions: PensionSession[] }>();
    for (const s of sessions) {
      const days = reachedThreshold(s.date, today, thresholds);
      if (days === undefined) continue;
      const key = `${keyOf(s)}\u0000${days}`;
      const g = groups.get(key) ?? { days, sessions: [] };
      g.sessions.push(s);
      groups.set(key, g);
    }
    return [...groups.values()].map((g) => ({ audience, ...g }));
  };

  for (const g of group('practice', PRACTICE_REMINDER_DAYS, (s) => s.timesheet.practiceId)) {
    const practice = practices.get(g.sessions[0]!.timesheet.practiceId);
    if (!practice) continue;
    sent.practice += await remindOnce(
      orgId,
      'practice',
      g.days,
      g.sessions,
      (told, id, at) =>
        toPractice(
          { orgId, id, createdAt: at },
          'pension-form-due',
          practice,
          practiceText(practice, told, g.days / 7, practices),
        ),
      deps,
    );
  }
  for (const g of group('locum', LOCUM_REMINDER_DAYS, (s) => s.clinician.id)) {
    const clinician = g.sessions[0]!.clinician;
    sent.locum += await remindOnce(
      orgId,
      'locum',
      g.days,
      g.sessions,
      (told, id, at) => [
        toClinician({ orgId, id, createdAt: at }, 'pension-form-due', clinician, locumText(told, practices)),
      ],
      deps,
    );
  }
  return sent;
}
