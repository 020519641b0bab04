import { config } from '../config';
import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import { carrierNumber } from '../domain/e164';
import { DomainError } from '../domain/errors';
import { offerState } from '../domain/offers';
import { parseSmsReply } from '../domain/sms';
import type { Offer, OutboxMessage, Practice, Shift } from '../domain/types';
import { logger } from '../logger';
import { shiftDetails, smsReply } from '../notify/messages';
import {
  type OfferRef,
  replyAlreadyFilled,
  replyBooked,
  replyClash,
  replyCodeInSeveralBanks,
  replyCodeNotRecognised,
  replyDeclined,
  replyHelp,
  replyLiveOffers,
  replyNoLiveOffers,
  replyNotUnderstood,
  replyOfferExpired,
  replyPhoneNotVerified,
  replyPhoneVerified,
  replySeveralOffers,
  replyShiftCancelled,
  replyStarted,
  replyStopped,
  replyUnknownNumber,
  type SmsText,
} from '../notify/templates';
import { getShifts } from '../store/offers';
import { organisationName } from '../store/organisations';
import { hit } from '../store/rate-limit';
import { acceptOffer } from './bookings';
import { declineOffer, type OfferingDeps } from './offers';

/** More than this many texts from one number in ten minutes are dropped unanswered: no reply storms, no code guessing. */
export const TEXTS_PER_NUMBER = 20;
const TEXT_WINDOW_SECONDS = 600;

export interface InboundText {
  /** The carrier's id for the message: a text delivered twice has one effect. */
  messageId: string;
  /** The sender's number as the carrier gives it: E.164 (lib/domain/e164.ts). */
  from: string;
  body: string;
}

interface Membership {
  orgId: string;
  clinicianId: string;
  /** The clinician has answered a bare YES from this number since it was given. */
  proved: boolean;
}

interface LiveOffer {
  offer: Offer;
  shift: Shift;
  practice: Practice;
}

interface Target extends LiveOffer {
  membership: Membership;
}

const callerFor = (m: Membership): Caller => ({
  userId: `sms:${m.clinicianId}`,
  email: '',
  role: 'clinician',
  orgId: m.orgId,
  practiceIds: [],
  clinicianId: m.clinicianId,
});

const ref = (o: LiveOffer): OfferRef => ({ ...shiftDetails(o.shift, o.practice), code: o.offer.code });

/** Memberships by organisation, each organisation once: every reply is kept in the organisation it speaks for. */
function byOrg(memberships: readonly Membership[]): Map<string, Membership[]> {
  const out = new Map<string, Membership[]>();
  for (const m of memberships) out.set(m.orgId, [...(out.get(m.orgId) ?? []), m]);
  return out;
}

/**
 * The clinicians a number is given for, each with whether they proved it. A
 * number typed in for a clinician acts for them only once they answered the
 * `phone-verify` text from it, so one organisation cannot reach another's
 * clinician by typing in their number.
 */
async function membershipsOf(from: string, deps: Pick<Deps, 'clinicians'>): Promise<Membership[]> {
  const lookups = await deps.clinicians.findByPhone(from);
  const profiles = await Promise.all(lookups.map((m) => deps.clinicians.get(m.orgId, m.clinicianId)));
  return lookups.flatMap((m, i) => {
    const c = profiles[i];
    if (c?.phone !== from) return [];
    return [{ orgId: m.orgId, clinicianId: m.clinicianId, proved: c.phoneVerified !== false }];
  });
}

async function liveOffers(
  memberships: readonly Membership[],
  deps: Pick<Deps, 'db' | 'table' | 'clock' | 'practices' | 'offers'>,
): Promise<LiveOffer[]> {
  const now = deps.clock.now();
  const out: LiveOffer[] = [];
  for (const m of memberships) {
    const offers = await deps.offers.liveOf(m.orgId, m.clinicianId);
    if (!offers.length) continue;
    const shifts = await getShifts(
      deps.db,
      deps.table,
      m.orgId,
      offers.map((o) => o.shiftId),
    );
    const practices = await deps.practices.getMany(
      m.orgId,
      [...shifts.values()].map((s) => s.practiceId),
    );
    for (const offer of offers) {
      const shift = shifts.get(offer.shiftId);
      const practice = practices.find((p) => p.id === shift?.practiceId);
      if (shift && practice && offerState(offer, shift, now) === 'live') out.push({ offer, shift, practice });
    }
  }
  return out.sort((a, b) => a.shift.start.localeCompare(b.shift.start));
}

async function withShift(
  membership: Membership,
  offer: Offer,
  deps: Pick<Deps, 'practices' | 'shifts'>,
): Promise<Target | undefined> {
  const shift = await deps.shifts.get(membership.orgId, offer.shiftId);
  const practice = shift ? await deps.practices.get(membership.orgId, shift.practiceId) : undefined;
  return shift && practice ? { membership, offer, shift, practice } : undefined;
}

type CodeMatch = { kind: 'one'; target: Target } | { kind: 'several'; orgIds: string[] } | { kind: 'none' };

/**
 * The offer a code names: among the number's live offers only, so an offer
 * closed in one bank never hides a live one with the same code in another.
 * With none live, the newest offer that had the code (its shift filled, say,
 * and the code freed), so the answer says what became of it.
 */
async function offerByCode(
  memberships: readonly Membership[],
  code: string,
  deps: Pick<Deps, 'clock' | 'practices' | 'shifts' | 'offers'>,
): Promise<CodeMatch> {
  const now = deps.clock.now();
  const held = await Promise.all(
    memberships.map(async (m) => {
      const offer = await deps.offers.byCode(m.orgId, m.clinicianId, code);
      return offer && withShift(m, offer, deps);
    }),
  );
  const live = held.filter((t): t is Target => !!t && offerState(t.offer, t.shift, now) === 'live');
  if (live.length === 1) return { kind: 'one', target: live[0]! };
  if (live.length > 1) return { kind: 'several', orgIds: [...new Set(live.map((t) => t.membership.orgId))] };
  const past = await Promise.all(
    memberships.map(async (m, i) => {
      if (held[i]) return held[i];
      const offer = await deps.offers.latestWithCode(m.orgId, m.clinicianId, code);
      return offer && withShift(m, offer, deps);
    }),
  );
  const newest = past
    .filter((t): t is Target => !!t)
    .sort((a, b) => b.offer.createdAt.localeCompare(a.offer.createdAt))[0];
  return newest ? { kind: 'one', target: newest } : { kind: 'none' };
}

/** Proves the number for a clinician it was given to, unless it has changed since. */
async function prove(m: Membership, from: string, deps: Pick<Deps, 'clinicians'>): Promise<void> {
  // Proved already, or the number changed since: either way nothing to do.
  await deps.clinicians.provePhone(m.orgId, m.clinicianId, from);
}

/**
 * Answers one inbound text. The sender is known only by number; a number we
 * do not know gets a generic answer and learns nothing. A number acts only for
 * the clinicians who proved it, and a bare YES is how they prove it. The
 * answers never mix organisations: each organisation the number belongs to
 * answers for itself, and keeps its answer. A text's replies have ids derived
 * from the message id, so a text delivered twice books once and is answered
 * once.
 */
export async function handleInboundText(
  text: InboundText,
  deps: OfferingDeps & Pick<Deps, 'db' | 'table' | 'outbox' | 'clinicians'>,
): Promise<void> {
  const from = carrierNumber(text.from);
  await hit(deps.db, deps.table, {
    key: `SMS#${from ?? text.from.slice(0, 32)}`,
    limit: config().INBOUND_TEXTS_PER_NUMBER ?? TEXTS_PER_NUMBER,
    windowSeconds: TEXT_WINDOW_SECONDS,
    now: deps.clock.now(),
  });
  const replyId = `reply-${text.messageId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 80)}`;
  const memberships = from ? await membershipsOf(from, deps) : [];
  const reply = async (orgId: string, sms: SmsText) => {
    if (!from) return;
    const message: OutboxMessage = smsReply(
      { orgId, id: replyId, createdAt: deps.clock.now().toISOString() },
      from,
      sms,
    );
    // Kept under the text's id: a redelivery finds it answered already.
    await deps.outbox.putOnce(message, deps.clock.now().getTime());
  };

  if (!from || !memberships.length) {
    logger.info('Text from an unknown number', { from: text.from });
    return reply('unknown', replyUnknownNumber());
  }
  // Delivered again after it was answered: in one organisation, a bare YES that proved the number would book
  // in another the second time.
  if (await answeredAlready([...byOrg(memberships).keys()], replyId, deps)) return;

  const command = parseSmsReply(text.body);
  const proved = memberships.filter((m) => m.proved);
  const unproved = byOrg(memberships.filter((m) => !m.proved));
  const name = (orgId: string) => organisationName(deps.db, deps.table, orgId);
  // A bare YES proves the number only while it has no live offer where it is proved already: there it books
  // (or asks which), as it always has. Else an organisation that typed in a clinician's number elsewhere would
  // turn their YES to a shift into a YES to its own texts, and the shift would stay open.
  // Read once: a bare YES asks it here and again below.
  let provedLive: LiveOffer[] | undefined;
  const liveOfProved = async () => {
    provedLive ??= await liveOffers(proved, deps);
    return provedLive;
  };
  if (command.kind === 'accept' && !command.code && unproved.size && !(await liveOfProved()).length) {
    for (const [orgId, ms] of unproved) {
      for (const m of ms) await prove(m, from, deps);
      await reply(orgId, replyPhoneVerified({ organisationName: await name(orgId) }));
    }
    return;
  }
  if (!proved.length) {
    for (const orgId of unproved.keys()) {
      await reply(orgId, replyPhoneNotVerified({ organisationName: await name(orgId), stop: command.kind === 'stop' }));
    }
    return;
  }
  const orgs = byOrg(proved);
  const eachOrg = async (answer: (orgId: string, ms: Membership[]) => Promise<SmsText | undefined>) => {
    for (const [orgId, ms] of orgs) {
      const sms = await answer(orgId, ms);
      if (sms) await reply(orgId, sms);
    }
  };

  switch (command.kind) {
    case 'help':
      return eachOrg(async () => replyHelp());
    case 'stop':
    case 'start': {
      const optedOut = command.kind === 'stop';
      return eachOrg(async (_, ms) => {
        for (const m of ms) {
          await deps.clinicians.setSmsOptedOut(m.orgId, m.clinicianId, optedOut);
        }
        return optedOut ? replyStopped() : replyStarted();
      });
    }
    case 'list':
      return eachOrg(async (_, ms) => {
        const live = await liveOffers(ms, deps);
        return live.length ? replyLiveOffers({ offers: live.map(ref) }) : replyNoLiveOffers();
      });
    case 'unknown':
      return eachOrg(async () => replyNotUnderstood());
    case 'accept':
    case 'decline': {
      let target: Target;
      if (command.code) {
        const code = command.code;
        const match = await offerByCode(proved, code, deps);
        if (match.kind === 'none') return eachOrg(async () => replyCodeNotRecognised({ code }));
        if (match.kind === 'several') {
          for (const orgId of match.orgIds) await reply(orgId, replyCodeInSeveralBanks({ code }));
          return;
        }
        target = match.target;
      } else {
        const live = await liveOfProved();
        if (!live.length) return eachOrg(async () => replyNoLiveOffers());
        if (live.length > 1) {
          const inOrgs = new Set(live.map((o) => o.offer.orgId));
          return eachOrg(async (orgId) => {
            const mine = live.filter((o) => o.offer.orgId === orgId);
            return mine.length
              ? replySeveralOffers({ offers: mine.map(ref), severalBanks: inOrgs.size > 1 })
              : undefined;
          });
        }
        const only = live[0]!;
        const membership = proved.find(
          (m) => m.orgId === only.offer.orgId && m.clinicianId === only.offer.clinicianId,
        )!;
        target = { membership, ...only };
      }
      return answerOffer(command.kind, target, { from, replyId }, deps, (sms) => reply(target.membership.orgId, sms));
    }
  }
}

async function answeredAlready(
  orgIds: readonly string[],
  replyId: string,
  deps: Pick<Deps, 'outbox'>,
): Promise<boolean> {
  const found = await Promise.all(orgIds.map((orgId) => deps.outbox.get(orgId, replyId)));
  return found.some((item) => !!item);
}

/** Books or passes on one offer for the clinician it was made to; the answer is kept in the offer's organisation. */
async function answerOffer(
  kind: 'accept' | 'decline',
  target: Target,
  text: { from: string; replyId: string },
  deps: Pick<Deps, 'clock' | 'newId' | 'practices' | 'shifts' | 'offers' | 'bookings' | 'random'>,
  reply: (sms: SmsText) => Promise<void>,
): Promise<void> {
  const offerRef = { ...shiftDetails(target.shift, target.practice), code: target.offer.code };
  const caller = callerFor(target.membership);
  try {
    if (kind === 'decline') {
      await declineOffer(caller, target.offer.id, deps);
      return reply(replyDeclined(offerRef));
    }
    await acceptOffer(caller, target.offer.id, deps, {
      smsReply: {
        id: text.replyId,
        orgId: target.membership.orgId,
        to: text.from,
        text: (shift, practice) => replyBooked({ ...shiftDetails(shift, practice), code: offerRef.code }),
      },
    });
    // Booked by this text, the reply went in with the booking and this finds it. Another text for an offer
    // already booked (its code not yet freed) is answered here, rather than not at all.
    return reply(replyBooked(offerRef));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    switch (error.code) {
      case 'SHIFT_UNAVAILABLE':
        return reply(
          target.shift.status === 'cancelled' ? replyShiftCancelled(offerRef) : replyAlreadyFilled(offerRef),
        );
      case 'OFFER_EXPIRED':
        return reply(replyOfferExpired(offerRef));
      case 'CLASH': {
        const reasons = (error.details as { reasons?: string[] } | undefined)?.reasons ?? [];
        // An accept refuses time off alone, with AVAILABILITY (lib/use-cases/bookings.ts).
        const reason = reasons.includes('AVAILABILITY')
          ? 'TIME_OFF'
          : ((['CLASH', 'REST', 'TRAVEL'] as const).find((r) => reasons.includes(r)) ?? 'WEEKLY_HOURS');
        return reply(replyClash({ ...offerRef, reason }));
      }
      default:
        return reply(replyOfferExpired(offerRef));
    }
  }
}
