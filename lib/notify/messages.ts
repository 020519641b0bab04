import type { Clinician, NotificationKind, OutboxMessage, Practice, Shift } from '../domain/types';
import { type EmailText, formatShiftWhen, type ShiftDetails, type SmsText } from './templates';

type Recipient = Pick<Clinician, 'id' | 'notify' | 'smsOptedOut' | 'phoneVerified' | 'phone' | 'email'>;

/**
 * A clinician takes texts unless they chose email only, texted STOP, or have
 * not yet proved their number (it may be someone else's); otherwise they get email.
 */
export function takesTexts(c: Pick<Clinician, 'notify' | 'smsOptedOut' | 'phoneVerified'>): boolean {
  return c.notify.includes('sms') && !c.smsOptedOut && c.phoneVerified !== false;
}

export function shiftDetails(
  shift: Pick<Shift, 'role' | 'start' | 'end' | 'hourlyRatePence'>,
  practice: Pick<Practice, 'name'>,
): ShiftDetails {
  return {
    practiceName: practice.name,
    role: shift.role,
    when: formatShiftWhen(shift.start, shift.end),
    hourlyRatePence: shift.hourlyRatePence,
  };
}

/** One message to a clinician, by text if they take texts, else by email. */
export function toClinician(
  base: { orgId: string; id: string; createdAt: string },
  kind: NotificationKind,
  clinician: Recipient,
  text: Partial<SmsText> & EmailText,
): OutboxMessage {
  if (takesTexts(clinician) && text.sms) {
    return { ...base, kind, channel: 'sms', to: clinician.phone, body: text.sms };
  }
  return { ...base, kind, channel: 'email', to: clinician.email, subject: text.subject, body: text.email };
}

/** An email to the practice's rota inbox, when it has one. */
export function toPractice(
  base: { orgId: string; id: string; createdAt: string },
  kind: NotificationKind,
  practice: Pick<Practice, 'email'>,
  text: EmailText,
): OutboxMessage[] {
  if (!practice.email) return [];
  return [{ ...base, kind, channel: 'email', to: practice.email, subject: text.subject, body: text.email }];
}

/** The text that asks a new or changed number to prove itself: by text whatever the clinician's choice. */
export function phoneVerify(
  base: { orgId: string; id: string; createdAt: string },
  to: string,
  text: SmsText,
): OutboxMessage {
  return { ...base, kind: 'phone-verify', channel: 'sms', to, body: text.sms };
}

/** A reply to an inbound text always goes back by text, to the number it came from. */
export function smsReply(
  base: { orgId: string; id: string; createdAt: string },
  to: string,
  text: SmsText,
): OutboxMessage {
  return { ...base, kind: 'sms-reply', channel: 'sms', to, body: text.sms };
}
