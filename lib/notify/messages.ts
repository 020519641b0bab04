import type { Clinician, NotificationKind, OutboxMessage, Practice, Shift } from '../domain/types';
import { type EmailText, formatShiftWhen, type ShiftDetails, type SmsText } from './templates';

type Recipient = Pick<Clinician, 'id' | 'notify' | 'smsOptedOut' | 'phone' | 'email'>;

/** A clinician takes texts unless they chose email only or texted STOP; otherwise they get email. */
export function takesTexts(c: Pick<Clinician, 'notify' | 'smsOptedOut'>): boolean {
  return c.notify.includes('sms') && !c.smsOptedOut;
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

/** A reply to an inbound text always goes back by text, to the number it came from. */
export function smsReply(
  base: { orgId: string; id: string; createdAt: string },
  to: string,
  text: SmsText,
): OutboxMessage {
  return { ...base, kind: 'sms-reply', channel: 'sms', to, body: text.sms };
}
