import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../deps';
import { DomainError } from '../domain/errors';
import { offerState } from '../domain/offers';
import { toE164 } from '../domain/phone';
import { parseSmsReply } from '../domain/sms';
import type { Offer, OutboxMessage, Practice, Shift } from '../domain/types';
import type { Caller } from '../http/caller';
import { logger } from '../logger';
import { shiftDetails, smsReply } from '../notify/messages';
import {
  type OfferRef,
  replyAlreadyFilled,
  replyBooked,
  replyClash,
  replyCodeNotRecognised,
  replyDeclined,
  replyHelp,
  replyLiveOffers,
  replyNoLiveOffers,
  replyNotUnderstood,
  replyOfferExpired,
  replySeveralOffers,
  replyShiftCancelled,
  replyStarted,
  replyStopped,
  replyUnknownNumber,
  type SmsText,
} from '../notify/templates';
import { keys } from '../store/keys';
import { getShifts } from '../store/offers';
import { outboxItem } from '../store/outbox';
import { hit } from '../store/rate-limit';
import { isConditionFailure } from '../store/records';
import { acceptOffer } from './bookings';
import { declineOffer } from './offers';

/** More than this many texts from one number in ten minutes are dropped unanswered: no reply storms, no code guessing. */
export const TEXTS_PER_NUMBER = 20;
const TEXT_WINDOW_SECONDS = 600;

export interface InboundText {
  /** The carrier's id for the message: a text delivered twice has one effect. */
  messageId: string;
  from: string;
  body: string;
}

interface Membership {
  orgId: string;
  clinicianId: string;
}

interface LiveOffer {
  offer: Offer;
  shift: Shift;
  practice: Practice;
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

async function liveOffers(memberships: readonly Membership[], deps: Deps): Promise<LiveOffer[]> {
  const now = deps.clock.now();
  const out: LiveOffer[] = [];
  for (const m of memberships) {
    const offers = await deps.offers.liveOf(m.orgId, m.clinicianId);
    if (!offers.length) continue;
    const [shifts, practices] = await Promise.all([
      getShifts(
        deps.db,
        deps.table,
        m.orgId,
        offers.map((o) => o.shiftId),
      ),
      deps.practices.list(m.orgId),
    ]);
    for (const offer of offers) {
      const shift = shifts.get(offer.shiftId);
      const practice = practices.find((p) => p.id === shift?.practiceId);
      if (shift && practice && offerState(offer, shift, now) === 'live') out.push({ offer, shift, practice });
    }
  }
  return out.sort((a, b) => a.shift.start.localeCompare(b.shift.start));
}

async function offerByCode(memberships: readonly Membership[], code: string, deps: Deps) {
  for (const m of memberships) {
    const offer = await deps.offers.byCode(m.orgId, m.clinicianId, code);
    if (!offer) continue;
    const shift = await deps.shifts.get(m.orgId, offer.shiftId);
    const practice = shift ? await deps.practices.get(m.orgId, shift.practiceId) : undefined;
    if (shift && practice) return { membership: m, offer, shift, practice };
  }
  return undefined;
}

/**
 * Answers one inbound text. The sender is known only by number; a number we
 * do not know gets a generic answer and learns nothing. Every text gets one
 * reply, whose outbox id is derived from the message id, so a text delivered
 * twice books once and is answered once.
 */
export async function handleInboundText(text: InboundText, deps: Deps): Promise<void> {
  const from = toE164(text.from);
  await hit(deps.db, deps.table, {
    key: `SMS#${from ?? text.from.slice(0, 32)}`,
    limit: TEXTS_PER_NUMBER,
    windowSeconds: TEXT_WINDOW_SECONDS,
    now: deps.clock.now(),
  });
  const replyId = `reply-${text.messageId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 80)}`;
  const memberships = from ? await deps.clinicians.findByPhone(from) : [];
  const orgId = memberships[0]?.orgId ?? 'unknown';
  const reply = async (sms: SmsText) => {
    if (!from) return;
    const message: OutboxMessage = smsReply(
      { orgId, id: replyId, createdAt: deps.clock.now().toISOString() },
      from,
      sms,
    );
    try {
      await deps.db.send(
        new PutCommand({
          TableName: deps.table,
          Item: outboxItem(message, deps.clock.now().getTime()),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // answered already
    }
  };

  if (!from || !memberships.length) {
    logger.info('Text from an unknown number', { from: text.from });
    return reply(replyUnknownNumber());
  }
  const command = parseSmsReply(text.body);
  switch (command.kind) {
    case 'help':
      return reply(replyHelp());
    case 'stop':
    case 'start': {
      const optedOut = command.kind === 'stop';
      for (const m of memberships) {
        await deps.db.send(
          new UpdateCommand({
            TableName: deps.table,
            Key: keys.clinician(m.orgId, m.clinicianId),
            UpdateExpression: 'SET smsOptedOut = :v ADD version :one',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':v': optedOut, ':one': 1 },
          }),
        );
      }
      return reply(optedOut ? replyStopped() : replyStarted());
    }
    case 'list': {
      const live = await liveOffers(memberships, deps);
      return reply(live.length ? replyLiveOffers({ offers: live.map(ref) }) : replyNoLiveOffers());
    }
    case 'unknown':
      return reply(replyNotUnderstood());
    case 'accept':
    case 'decline': {
      let target: { membership: Membership; offer: Offer; shift: Shift; practice: Practice } | undefined;
      if (command.code) {
        target = await offerByCode(memberships, command.code, deps);
        if (!target) return reply(replyCodeNotRecognised({ code: command.code }));
      } else {
        const live = await liveOffers(memberships, deps);
        if (!live.length) return reply(replyNoLiveOffers());
        if (live.length > 1) return reply(replySeveralOffers({ offers: live.map(ref) }));
        const only = live[0]!;
        const membership = memberships.find((m) => m.orgId === only.offer.orgId)!;
        target = { membership, ...only };
      }
      const offerRef = { ...shiftDetails(target.shift, target.practice), code: target.offer.code };
      const caller = callerFor(target.membership);
      try {
        if (command.kind === 'decline') {
          await declineOffer(caller, target.offer.id, deps);
          return reply(replyDeclined(offerRef));
        }
        await acceptOffer(caller, target.offer.id, deps, {
          smsReply: {
            id: replyId,
            orgId,
            to: from,
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
            const reason = (['CLASH', 'REST', 'TRAVEL'] as const).find((r) => reasons.includes(r)) ?? 'WEEKLY_HOURS';
            return reply(replyClash({ ...offerRef, reason }));
          }
          default:
            return reply(replyOfferExpired(offerRef));
        }
      }
    }
  }
}
