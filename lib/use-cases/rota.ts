import type { Deps, ReadingDeps } from '../deps';
import { BANK_HOLIDAYS_KNOWN_BEFORE } from '../domain/bank-holidays';
import type { Caller } from '../domain/caller';
import { ValidationError } from '../domain/errors';
import { datesOnWeekdays, distinctDates, MAX_BULK_SHIFTS, sessionSpan } from '../domain/rota';
import { addDays, londonDate, startOfLondonDay, toLocal } from '../domain/time';
import type { Offer, OutboxMessage, Practice, Shift, ShiftTemplate } from '../domain/types';
import { logger } from '../logger';
import { takesTexts } from '../notify/messages';
import { formatShiftWhen, offersSummaryMessage } from '../notify/templates';
import type { BulkPostBody, CreateTemplateBody, RotaQuery, SKIP_REASONS } from '../schemas/rota';
import type { Page, PageRequest } from '../store/page';
import { assertRunsPractice, found } from './access';
import { OFFERS_PER_REQUEST, type OfferingDeps, runWave } from './offers';

// ---------------------------------------------------------------- the week view

export interface RotaShift {
  id: string;
  practiceId: string;
  role: Shift['role'];
  localStart: string;
  localEnd: string;
  status: Shift['status'];
  clinicianName?: string;
  hourlyRatePence: number;
}

/**
 * The practices' shifts day by day, open and filled (cancelled ones are no
 * longer part of the rota), with the booked clinicians' names. Reads one
 * index range per practice (the organisation's range for an admin who names
 * none) and the booked clinicians alone.
 */
export async function weekView(
  caller: Caller,
  query: RotaQuery,
  deps: Pick<ReadingDeps, 'practices' | 'clinicians' | 'shifts'>,
): Promise<{ days: { date: string; shifts: RotaShift[] }[] }> {
  let practiceIds: string[] | undefined;
  if (query.practiceId) {
    found(await deps.practices.get(caller.orgId, query.practiceId), caller, 'practice', query.practiceId);
    assertRunsPractice(caller, query.practiceId);
    practiceIds = [query.practiceId];
  } else if (caller.role !== 'admin') {
    practiceIds = caller.practiceIds;
  }
  const from = startOfLondonDay(query.from);
  const to = startOfLondonDay(addDays(query.to, 1));
  const shifts = (
    practiceIds === undefined
      ? await deps.shifts.inWindow(caller.orgId, undefined, from, to)
      : (await Promise.all(practiceIds.map((p) => deps.shifts.inWindow(caller.orgId, p, from, to)))).flat()
  ).filter((s) => s.status !== 'cancelled');
  const bookedIds = [...new Set(shifts.flatMap((s) => (s.booking ? [s.booking.clinicianId] : [])))];
  const names = new Map((await deps.clinicians.getMany(caller.orgId, bookedIds)).map((c) => [c.id, c.name]));

  const days = new Map<string, RotaShift[]>();
  for (let date = query.from; date <= query.to; date = addDays(date, 1)) days.set(date, []);
  shifts.sort((a, b) => a.start.localeCompare(b.start) || a.practiceId.localeCompare(b.practiceId));
  for (const s of shifts) {
    const name = s.booking ? names.get(s.booking.clinicianId) : undefined;
    days.get(londonDate(s.start))?.push({
      id: s.id,
      practiceId: s.practiceId,
      role: s.role,
      localStart: toLocal(s.start),
      localEnd: toLocal(s.end),
      status: s.status,
      ...(name !== undefined ? { clinicianName: name } : {}),
      hourlyRatePence: s.hourlyRatePence,
    });
  }
  return { days: [...days].map(([date, list]) => ({ date, shifts: list })) };
}

// ---------------------------------------------------------------- templates

export async function createTemplate(
  caller: Caller,
  body: CreateTemplateBody,
  deps: Pick<Deps, 'clock' | 'newId' | 'practices' | 'templates'>,
): Promise<ShiftTemplate> {
  const practice = found(await deps.practices.get(caller.orgId, body.practiceId), caller, 'practice', body.practiceId);
  assertRunsPractice(caller, practice.id);
  const template: ShiftTemplate = {
    ...body,
    orgId: caller.orgId,
    id: deps.newId(),
    createdAt: deps.clock.now().toISOString(),
    createdBy: caller.userId,
  };
  await deps.templates.create(template);
  return template;
}

/** A page of the practice's templates, oldest first. */
export async function listTemplates(
  caller: Caller,
  practiceId: string,
  page: PageRequest,
  deps: Pick<Deps, 'practices' | 'templates'>,
): Promise<Page<ShiftTemplate>> {
  found(await deps.practices.get(caller.orgId, practiceId), caller, 'practice', practiceId);
  assertRunsPractice(caller, practiceId);
  return deps.templates.page(caller.orgId, practiceId, page);
}

// ---------------------------------------------------------------- bulk posting

export type SkipReason = (typeof SKIP_REASONS)[number];

export interface Skipped {
  date: string;
  session: string;
  reason: SkipReason;
  message: string;
}

const SKIP_MESSAGES: Record<SkipReason, string> = {
  PAST: 'starts in the past',
  CLOCK_CHANGE: 'the clocks skip that time that day',
  TOO_FAR_AHEAD: `must start before ${BANK_HOLIDAYS_KNOWN_BEFORE}, as far as pay knows bank holidays`,
  DUPLICATE: 'a shift of this template is already posted for that session',
};

/** How many sessions are posted side by side: DynamoDB Local and a Lambda both take a few at once well. */
const POSTING_CONCURRENCY = 8;

async function inPool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/**
 * Posts a template's sessions on many dates. Each session of each date is
 * one shift, stored only if that session holds no live shift of the template
 * (guarded in the table, so a retry or a concurrent duplicate posts nothing
 * twice); what cannot be posted comes back in `skipped` with its reason.
 * First waves of offers go out as for any post, but each clinician is told of
 * all their new offers together (`sendOfferSummaries`).
 */
export async function bulkPostShifts(
  caller: Caller,
  body: BulkPostBody,
  deps: OfferingDeps & Pick<Deps, 'templates' | 'outbox' | 'scheduler'>,
): Promise<{ shifts: Shift[]; skipped: Skipped[] }> {
  const template = found(await deps.templates.get(caller.orgId, body.templateId), caller, 'template', body.templateId);
  assertRunsPractice(caller, template.practiceId);
  const practice = found(
    await deps.practices.get(caller.orgId, template.practiceId),
    caller,
    'practice',
    template.practiceId,
  );
  const dates = 'dates' in body ? distinctDates(body.dates) : datesOnWeekdays(body.from, body.to, body.days);
  const slots = dates.flatMap((date) => template.sessions.map((session, index) => ({ date, session, index })));
  if (slots.length > MAX_BULK_SHIFTS) {
    throw new ValidationError(
      `A bulk post makes at most ${MAX_BULK_SHIFTS} shifts; this one would make ${slots.length}`,
      [{ path: 'body', message: `names ${slots.length} sessions; at most ${MAX_BULK_SHIFTS}` }],
    );
  }
  if (slots.length === 0) {
    throw new ValidationError('The dates name no day to post', [
      { path: 'body.days', message: 'no date in the range falls on these days' },
    ]);
  }

  const now = deps.clock.now();
  const postedAt = now.toISOString();
  const outcomes = await inPool(slots, POSTING_CONCURRENCY, async ({ date, session, index }) => {
    const label = `${session.from}-${session.to}`;
    const skip = (reason: SkipReason): Skipped => ({ date, session: label, reason, message: SKIP_MESSAGES[reason] });
    if (date >= BANK_HOLIDAYS_KNOWN_BEFORE) return skip('TOO_FAR_AHEAD');
    const span = sessionSpan(date, session);
    if ('skip' in span) return skip(span.skip);
    if (Date.parse(span.start) <= now.getTime()) return skip('PAST');
    const shift: Shift & { templateId: string } = {
      orgId: caller.orgId,
      id: deps.newId(),
      practiceId: template.practiceId,
      role: template.role,
      skills: template.skills,
      start: span.start,
      end: span.end,
      breakMinutes: session.breakMinutes,
      hourlyRatePence: template.hourlyRatePence,
      ...(template.notes !== undefined ? { notes: template.notes } : {}),
      cascadeMinutes: template.cascadeMinutes,
      status: 'open',
      round: 1,
      postedAt,
      postedBy: caller.userId,
      templateId: template.id,
    };
    const posted = await deps.templates.postSession(shift, date, index, { id: deps.newId(), actor: caller.userId });
    return posted.outcome === 'posted' ? shift : skip('DUPLICATE');
  });
  const shifts = outcomes.filter((o): o is Shift & { templateId: string } => 'id' in o);
  const skipped = outcomes.filter((o): o is Skipped => 'reason' in o);

  if (shifts.length > FIRST_WAVE_IN_REQUEST) {
    // Matching that many shifts may outlast the request: the schedule function runs the first wave at once instead.
    await deps.scheduler.schedule(now, {
      kind: 'bulk-wave',
      orgId: caller.orgId,
      practiceId: practice.id,
      shiftIds: shifts.map((s) => s.id),
      wave: 1,
    });
  } else if (shifts.length) {
    await offerTogether(practice, shifts, 1, deps);
  }
  return { shifts, skipped };
}

/** Shifts whose first wave a bulk post runs itself (a fortnight of GP days); more go to the scheduler at once. */
export const FIRST_WAVE_IN_REQUEST = 20;

/** What a bulk post's wave of offers needs: the offers, their summaries by text, and the next wave scheduled. */
export type BulkWaveDeps = OfferingDeps & Pick<Deps, 'outbox' | 'scheduler'>;

/**
 * One wave of offers for several shifts of a practice: each shift's wave as
 * for a single post, but the offers unannounced until every shift's are
 * written, then one summary per clinician. The shifts that have more waves
 * to come get one job for the next, so those come together too.
 */
async function offerTogether(
  practice: Practice,
  shifts: readonly Shift[],
  wave: number,
  deps: BulkWaveDeps,
): Promise<void> {
  const offers: Offer[] = [];
  const later = new Map<number, { at: Date; shiftIds: string[] }>();
  const defer = (shiftId: string) => (at: Date, w: number) => {
    const entry = later.get(w) ?? { at, shiftIds: [] };
    if (at < entry.at) entry.at = at;
    entry.shiftIds.push(shiftId);
    later.set(w, entry);
  };
  for (const shift of shifts) {
    try {
      offers.push(
        ...(await runWave(shift.orgId, shift.id, wave, deps, {
          maxOffers: OFFERS_PER_REQUEST,
          notify: false,
          defer: defer(shift.id),
        })),
      );
    } catch (error) {
      // Its offers will go out on their own, as for a single post whose wave failed.
      logger.error('A wave of a bulk-posted shift failed; scheduled a retry', error as Error);
      await deps.scheduler.schedule(deps.clock.now(), { kind: 'wave', orgId: shift.orgId, shiftId: shift.id, wave });
    }
  }
  await sendOfferSummaries(practice, shifts, offers, deps);
  for (const [w, { at, shiftIds }] of later) {
    await deps.scheduler.schedule(at, {
      kind: 'bulk-wave',
      orgId: practice.orgId,
      practiceId: practice.id,
      shiftIds,
      wave: w,
    });
  }
}

/** A later wave of a bulk post, run by the scheduler. */
export async function runBulkWave(
  job: { orgId: string; practiceId: string; shiftIds: string[]; wave: number },
  deps: BulkWaveDeps,
): Promise<void> {
  const practice = await deps.practices.get(job.orgId, job.practiceId);
  if (!practice) return;
  const shifts = (await Promise.all(job.shiftIds.map((id) => deps.shifts.get(job.orgId, id, true)))).filter(
    (s): s is Shift => s?.status === 'open',
  );
  if (shifts.length) await offerTogether(practice, shifts, job.wave, deps);
}

/**
 * Tells each clinician of the offers a bulk post made them in one summary (a
 * few texts at most, each code listed; or one email), written to the outbox
 * under ids derived from the offers, so writing them twice sends nothing twice.
 */
export async function sendOfferSummaries(
  practice: Practice,
  shifts: readonly Shift[],
  offers: readonly Offer[],
  deps: Pick<ReadingDeps, 'clock' | 'clinicians' | 'outbox'>,
): Promise<void> {
  if (!offers.length) return;
  const byShift = new Map(shifts.map((s) => [s.id, s]));
  const byClinician = new Map<string, Offer[]>();
  for (const offer of offers)
    byClinician.set(offer.clinicianId, [...(byClinician.get(offer.clinicianId) ?? []), offer]);
  const clinicians = await deps.clinicians.getMany(practice.orgId, [...byClinician.keys()]);
  const now = deps.clock.now();
  const createdAt = now.toISOString();
  const records = clinicians.flatMap((clinician): OutboxMessage[] => {
    const mine = (byClinician.get(clinician.id) ?? [])
      .map((o) => ({ offer: o, shift: byShift.get(o.shiftId)! }))
      .sort((a, b) => a.shift.start.localeCompare(b.shift.start));
    const first = mine[0]!.shift;
    const text = offersSummaryMessage({
      practiceName: practice.name,
      role: first.role,
      hourlyRatePence: first.hourlyRatePence,
      offers: mine.map(({ offer, shift }) => ({ code: offer.code, when: formatShiftWhen(shift.start, shift.end) })),
    });
    // The first offer's id names the summary: the same offers always make the same records.
    const base = { orgId: practice.orgId, kind: 'offer' as const, createdAt };
    const id = `summary-${mine[0]!.offer.id}`;
    if (takesTexts(clinician)) {
      return text.texts.map((t, i) => ({
        ...base,
        id: `${id}-${i + 1}`,
        channel: 'sms' as const,
        to: clinician.phone,
        body: t.sms,
      }));
    }
    return [{ ...base, id, channel: 'email' as const, to: clinician.email, subject: text.subject, body: text.email }];
  });
  await inPool(records, POSTING_CONCURRENCY, async (record) => {
    await deps.outbox.putOnce(record, now.getTime());
  });
}
