/**
 * The words of every notification (API.md, notification kinds). Pure functions
 * from plain data to text, so the outbox writer, the SMS handler and the tests
 * share one wording.
 *
 * Texts are GSM-7 (run through `toGsm7`, so a curly apostrophe in a practice's
 * name cannot switch a message to UCS-2) and are written to fit one segment
 * with everyday data. They never exceed two: when a long practice name would
 * push a text over, the name is shortened with '...' rather than the text
 * growing. The one exception is the summary of a bulk post's offers, which
 * may take three (`offersSummaryMessage`). Texts carry no clinician's name and no patient detail, since a
 * phone's lock screen shows them to anyone nearby.
 */

import type { DocumentType } from '../domain/documents';
import { smsSegments, toGsm7 } from '../domain/gsm';
import { clockDate, clockTime, type LondonClock, londonClock } from '../domain/time';
import type { Role } from '../domain/types';

export const MAX_SMS_SEGMENTS = 2;
const PRODUCT = 'Rota Bank';

export interface SmsText {
  sms: string;
}

export interface EmailText {
  subject: string;
  email: string;
}

/** A shift as a message names it. `when` comes from `formatShiftWhen`. */
export interface ShiftRef {
  practiceName: string;
  role: Role;
  when: string;
}

export interface ShiftDetails extends ShiftRef {
  hourlyRatePence: number;
}

/** A clinician's offer of a shift, known to them by its code. */
export interface OfferRef extends ShiftRef {
  code: string;
}

// ---------------------------------------------------------------- formatting

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  gp: 'GP',
  anp: 'ANP',
  'practice-nurse': 'Practice nurse',
  hca: 'HCA',
  paramedic: 'Paramedic',
  pharmacist: 'Pharmacist',
  'msk-practitioner': 'MSK practitioner',
  'health-coach': 'Health coach',
  phlebotomist: 'Phlebotomist',
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

/** `£95.00`, `£1,020.50`; integer pence in. */
export function formatPence(pence: number): string {
  const whole = Math.round(Math.abs(pence));
  const pounds = String(Math.floor(whole / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = pence < 0 && whole > 0 ? '-' : '';
  return `${sign}£${pounds}.${String(whole % 100).padStart(2, '0')}`;
}

/** `£95.00/h`. */
export function formatRate(hourlyRatePence: number): string {
  return `${formatPence(hourlyRatePence)}/h`;
}

/** `9.50 h`: hours with two decimals, as the payroll CSV shows them. */
export function formatHours(minutes: number): string {
  return `${(minutes / 60).toFixed(2)} h`;
}

// Spelled out rather than taken from ICU: en-GB's short September is "Sept" in newer ICU data.
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function londonAt(instant: string): LondonClock {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`Not an instant: ${instant}`);
  return londonClock(ms);
}

function day(c: LondonClock): string {
  return `${DAYS[c.weekday - 1]} ${c.day} ${MONTHS[c.month - 1]}`;
}

/** Whole calendar days from one London date to another. */
function daysApart(from: LondonClock, to: LondonClock): number {
  return (Date.parse(clockDate(to)) - Date.parse(clockDate(from))) / 86_400_000;
}

/**
 * A shift's London wall-clock span as texts show it: `Thu 3 Dec 08:30-18:30`;
 * a night shows the end time alone (`Fri 24 Oct 20:00-08:00`), and only a
 * shift ending two or more days later names its end day.
 */
export function formatShiftWhen(startUtc: string, endUtc: string): string {
  const start = londonAt(startUtc);
  const end = londonAt(endUtc);
  const endText = daysApart(start, end) <= 1 ? clockTime(end) : `${day(end)} ${clockTime(end)}`;
  return `${day(start)} ${clockTime(start)}-${endText}`;
}

// ---------------------------------------------------------------- fitting texts

/** Free text from data on one line, in GSM-7. */
function clean(text: string): string {
  return toGsm7(text).replace(/\s+/g, ' ').trim();
}

function fits(text: string): boolean {
  return smsSegments(text).segments <= MAX_SMS_SEGMENTS;
}

function shorten(name: string, max: number): string {
  if (name.length <= max) return name;
  return `${name.slice(0, max).replace(/[\s,.;:(&-]+$/u, '')}...`;
}

/** Longest a name can usefully be: two segments' worth. */
const NAME_CEILING = 2 * 153;

/** Renders a text naming one practice, shortening the name only as far as two segments demand. */
function fitNamed(render: (practiceName: string) => string, practiceName: string): string {
  const name = clean(practiceName);
  const full = clean(render(name));
  if (fits(full)) return full;
  for (let max = Math.min(name.length - 1, NAME_CEILING); max >= 0; max -= 1) {
    const text = clean(render(shorten(name, max)));
    if (fits(text)) return text;
  }
  return clean(render('...'));
}

/** Below this a shortened name no longer tells practices apart; list fewer offers instead. */
const MIN_LISTED_NAME = 12;
const MAX_LISTED = 10;

function listEntry(offer: OfferRef, nameMax: number): string {
  return `${offer.code}: ${roleLabel(offer.role)}, ${offer.when}, ${shorten(clean(offer.practiceName), nameMax)}`;
}

/**
 * Renders a list of offers within two segments: every offer with full names
 * if it fits, else names shortened (not under `MIN_LISTED_NAME`), else fewer
 * offers and a count of the rest.
 */
function fitList(render: (entries: string[], more: number) => string[], offers: readonly OfferRef[]): string {
  const longest = Math.min(NAME_CEILING, Math.max(0, ...offers.map((o) => clean(o.practiceName).length)));
  const attempt = (count: number, nameMax: number) => {
    const entries = offers.slice(0, count).map((o) => listEntry(o, nameMax));
    return render(entries, offers.length - count)
      .map(clean)
      .join('\n');
  };
  for (let count = Math.min(offers.length, MAX_LISTED); count >= 1; count -= 1) {
    for (let nameMax = longest; nameMax >= Math.min(MIN_LISTED_NAME, longest); nameMax -= 1) {
      const text = attempt(count, nameMax);
      if (fits(text)) return text;
    }
  }
  for (let nameMax = MIN_LISTED_NAME; nameMax >= 0; nameMax -= 1) {
    const text = attempt(1, nameMax);
    if (fits(text)) return text;
  }
  return attempt(1, 0);
}

function what(shift: ShiftRef, name: string): string {
  return `${roleLabel(shift.role)} at ${name}, ${shift.when}`;
}

/** A role inside a sentence: "your practice nurse shift", but "your GP shift". */
function roleWord(role: Role): string {
  const label = roleLabel(role);
  return /^[A-Z]{2}/.test(label) ? label : label.toLowerCase();
}

function theShift(shift: ShiftRef, name: string): string {
  return `${roleWord(shift.role)} shift at ${name}, ${shift.when}`;
}

/** A text with no data in it: only mapped, never shortened. */
function fixed(text: string): SmsText {
  return { sms: clean(text) };
}

function email(subject: string, lines: readonly (string | undefined | false)[]): EmailText {
  const body = lines.filter((line): line is string => typeof line === 'string').join('\n');
  return { subject: subject.replace(/\s+/g, ' ').trim(), email: `${body}\n\n${PRODUCT}\n` };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------- kind: offer

export function offerMessage(d: ShiftDetails & { code: string }): SmsText & EmailText {
  const sms = fitNamed(
    (name) =>
      `Shift offer: ${what(d, name)}, ${formatRate(d.hourlyRatePence)}. Reply YES ${d.code} to book, NO ${d.code} to pass.`,
    d.practiceName,
  );
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Shift offer: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      `A shift at ${practice} is open to you.`,
      '',
      `Role: ${roleLabel(d.role)}`,
      `When: ${d.when}`,
      `Rate: ${formatRate(d.hourlyRatePence)}`,
      `Offer code: ${d.code}`,
      '',
      `Accept or decline it in ${PRODUCT}. If you get our texts, you can also reply YES ${d.code} to book or NO ${d.code} to pass.`,
      'The first clinician to accept is booked.',
    ]),
  };
}

// ---------------------------------------------------------------- kind: rate-raised

/** To a clinician holding a live offer of a shift whose rate the practice raised. */
export function rateRaisedMessage(d: ShiftDetails & { code: string }): SmsText & EmailText {
  const sms = fitNamed(
    (name) =>
      `Rate raised to ${formatRate(d.hourlyRatePence)}: ${what(d, name)}. Reply YES ${d.code} to book, NO ${d.code} to pass.`,
    d.practiceName,
  );
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Rate raised: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      `${practice} has raised the rate for the shift offered to you.`,
      '',
      `Role: ${roleLabel(d.role)}`,
      `When: ${d.when}`,
      `Rate: ${formatRate(d.hourlyRatePence)}`,
      `Offer code: ${d.code}`,
      '',
      `Accept or decline it in ${PRODUCT}. If you get our texts, you can also reply YES ${d.code} to book or NO ${d.code} to pass.`,
    ]),
  };
}

// ---------------------------------------------------------------- kind: offer, several at once

/** Most texts one bulk post sends a clinician; offers past them are named by count (they are in the app). */
export const MAX_SUMMARY_TEXTS = 3;
/**
 * A summary may run to three segments: a phone shows it as one message, and
 * ten sessions (a week of GP days) fit in it with every code, where two
 * segments would need a second text.
 */
export const MAX_SUMMARY_SEGMENTS = 3;
/** A practice name in a summary's heading: long enough to tell sites apart, short enough to leave room for codes. */
const SUMMARY_NAME_MAX = 40;

export interface OffersSummary {
  practiceName: string;
  role: Role;
  hourlyRatePence: number;
  /** In the order they are worked; `when` comes from `formatShiftWhen`. */
  offers: readonly { code: string; when: string }[];
}

/**
 * Several offers of one practice's shifts (a bulk post) to one clinician:
 * a few texts, each within three segments, listing every code they can hold,
 * rather than one text per shift; and one email listing them all.
 */
export function offersSummaryMessage(d: OffersSummary): { texts: SmsText[] } & EmailText {
  const total = d.offers.length;
  const render = (name: string, from: number, count: number, more: number) =>
    [
      `Shift offers (${count === total ? total : `${from + 1}-${from + count} of ${total}`}): ${roleLabel(d.role)} at ${name}, ${formatRate(d.hourlyRatePence)}.`,
      ...d.offers.slice(from, from + count).map((o) => `${o.code}: ${o.when}`),
      ...(more > 0 ? [`and ${more} more: reply SHIFTS`] : []),
      'Reply YES or NO with a code.',
    ]
      .map(clean)
      .join('\n');
  const fullName = clean(d.practiceName);
  const names = [shorten(fullName, SUMMARY_NAME_MAX), shorten(fullName, MIN_LISTED_NAME), '...'];
  const texts: SmsText[] = [];
  let from = 0;
  while (from < total && texts.length < MAX_SUMMARY_TEXTS) {
    const last = texts.length === MAX_SUMMARY_TEXTS - 1;
    let chosen: string | undefined;
    let taken = 0;
    for (const name of names) {
      for (let count = total - from; count >= 1; count -= 1) {
        const text = render(name, from, count, last ? total - from - count : 0);
        if (smsSegments(text).segments <= MAX_SUMMARY_SEGMENTS) {
          chosen = text;
          taken = count;
          break;
        }
      }
      if (chosen) break;
    }
    if (!chosen) {
      chosen = render('...', from, 1, last ? total - from - 1 : 0);
      taken = 1;
    }
    texts.push({ sms: chosen });
    from += taken;
  }
  const practice = oneLine(d.practiceName);
  return {
    texts,
    ...email(`${total} shift offers: ${roleLabel(d.role)} at ${practice}`, [
      'Hello,',
      '',
      `${practice} has ${total} ${roleWord(d.role)} shifts open to you, at ${formatRate(d.hourlyRatePence)}:`,
      '',
      ...d.offers.map((o) => `${o.when} (offer code ${o.code})`),
      '',
      `Accept or decline each in ${PRODUCT}. If you get our texts, you can also reply YES with a code to book or NO with a code to pass.`,
      'The first clinician to accept a shift is booked.',
    ]),
  };
}

// ---------------------------------------------------------------- kind: booking-confirmed

/** To the clinician booked, whichever way they accepted. */
export function bookingConfirmedClinicianMessage(d: ShiftDetails & { address?: string }): SmsText & EmailText {
  const sms = fitNamed(
    (name) => `Booked: ${what(d, name)}, ${formatRate(d.hourlyRatePence)}. Thank you!`,
    d.practiceName,
  );
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Booked: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      `You are booked for a shift at ${practice}.`,
      '',
      `Role: ${roleLabel(d.role)}`,
      `When: ${d.when}`,
      d.address !== undefined && `Where: ${oneLine(d.address)}`,
      `Rate: ${formatRate(d.hourlyRatePence)}`,
      '',
      'If you can no longer work it, cancel it in the app as early as you can so the practice can find someone else.',
    ]),
  };
}

/** To the practice's rota inbox: the one message that names the clinician. */
export function bookingConfirmedPracticeMessage(d: ShiftDetails & { clinicianName: string }): EmailText {
  const practice = oneLine(d.practiceName);
  const clinician = oneLine(d.clinicianName);
  return email(`Shift filled: ${roleLabel(d.role)}, ${d.when} - ${clinician}`, [
    'Hello,',
    '',
    `The ${roleWord(d.role)} shift at ${practice} has been booked.`,
    '',
    `Clinician: ${clinician}`,
    `When: ${d.when}`,
    `Rate: ${formatRate(d.hourlyRatePence)}`,
  ]);
}

// ---------------------------------------------------------------- kind: booking-cancelled

export type CancelledBy = 'clinician' | 'practice';

/** To the clinician whose booking ended: confirmation if they cancelled it, news if the practice did. */
export function bookingCancelledClinicianMessage(
  d: ShiftRef & { cancelledBy: CancelledBy; reason?: string; feePence?: number },
): SmsText & EmailText {
  const byPractice = d.cancelledBy === 'practice';
  const fee =
    byPractice && d.feePence ? `You will be paid a late-cancellation fee of ${formatPence(d.feePence)}.` : undefined;
  const sms = fitNamed(
    (name) =>
      byPractice
        ? `Cancelled by the practice: your ${theShift(d, name)}. No need to attend.${fee ? ` ${fee}` : ''}`
        : `Cancelled as you asked: your ${theShift(d, name)}.`,
    d.practiceName,
  );
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Booking cancelled: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      byPractice
        ? `${practice} has cancelled your ${roleWord(d.role)} shift on ${d.when}. You do not need to attend.`
        : `Your ${roleWord(d.role)} shift at ${practice} on ${d.when} is cancelled, as you asked.`,
      d.reason !== undefined && d.reason.trim() !== '' && `Reason given: ${oneLine(d.reason)}`,
      fee,
    ]),
  };
}

/**
 * To the practice when a booking ends; the shift goes back out to the bank.
 * A fee the practice's late cancellation owes the clinician is named.
 */
export function bookingCancelledPracticeMessage(
  d: ShiftRef & { clinicianName: string; cancelledBy: CancelledBy; reason?: string; feePence?: number },
): EmailText {
  const practice = oneLine(d.practiceName);
  const clinician = oneLine(d.clinicianName);
  return email(`Booking cancelled: ${roleLabel(d.role)}, ${d.when} - ${clinician}`, [
    'Hello,',
    '',
    d.cancelledBy === 'clinician'
      ? `${clinician} has cancelled their ${roleWord(d.role)} shift at ${practice} on ${d.when}.`
      : `The booking of ${clinician} for the ${roleWord(d.role)} shift at ${practice} on ${d.when} has been cancelled.`,
    d.reason !== undefined && d.reason.trim() !== '' && `Reason given: ${oneLine(d.reason)}`,
    d.cancelledBy === 'practice' &&
      !!d.feePence &&
      `It was cancelled inside the late-cancellation window: ${clinician} is owed a fee of ${formatPence(d.feePence)}.`,
    '',
    'The shift is open again and is being offered to the bank.',
  ]);
}

// ---------------------------------------------------------------- kind: shift-cancelled

/**
 * To the booked clinician (`code` absent), or to a clinician holding a live
 * offer of the shift (`code` present), when the practice cancels the shift.
 */
export function shiftCancelledMessage(
  d: ShiftRef & { code?: string; reason?: string; feePence?: number },
): SmsText & EmailText {
  const offered = d.code !== undefined;
  const reason = d.reason !== undefined && d.reason.trim() !== '' ? clean(d.reason) : undefined;
  const fee = d.feePence ? ` You will be paid a late-cancellation fee of ${formatPence(d.feePence)}.` : '';
  const booked = (name: string, why: string | undefined) =>
    `Cancelled by the practice: your ${theShift(d, name)}.${why === undefined ? '' : ` Reason: ${why}.`} No need to attend.${fee}`;
  // The booked clinician hears why: when even the shortest practice name leaves no room, the reason is shortened too.
  const longest = reason === undefined ? 0 : reason.length;
  let sms = '';
  for (let max = longest; ; max = Math.max(0, Math.min(max - 10, Math.floor(max * 0.8)))) {
    sms = offered
      ? fitNamed(
          (name) => `Withdrawn: the ${theShift(d, name)} (offer ${d.code}) was cancelled by the practice.`,
          d.practiceName,
        )
      : fitNamed((name) => booked(name, reason === undefined ? undefined : shorten(reason, max)), d.practiceName);
    if (offered || fits(sms) || max === 0) break;
  }
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Shift cancelled: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      offered
        ? `${practice} has cancelled the ${roleWord(d.role)} shift on ${d.when} that was offered to you (offer ${d.code}). No need to reply.`
        : `${practice} has cancelled the ${roleWord(d.role)} shift on ${d.when} that you were booked for. You do not need to attend.`,
      d.reason !== undefined && d.reason.trim() !== '' && `Reason given: ${oneLine(d.reason)}`,
      !offered &&
        !!d.feePence &&
        `As it was cancelled at short notice, you will be paid a late-cancellation fee of ${formatPence(d.feePence)}.`,
    ]),
  };
}

// ---------------------------------------------------------------- kind: reminder

export function reminderMessage(d: ShiftRef & { address?: string }): SmsText & EmailText {
  const sms = fitNamed((name) => `Reminder: your ${theShift(d, name)}.`, d.practiceName);
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Reminder: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      `A reminder of your ${roleWord(d.role)} shift at ${practice}.`,
      '',
      `When: ${d.when}`,
      d.address !== undefined && `Where: ${oneLine(d.address)}`,
    ]),
  };
}

// ---------------------------------------------------------------- kind: shift-filled

/** To every other clinician who held an offer of a shift someone has just booked. */
export function shiftFilledMessage(d: OfferRef): SmsText & EmailText {
  const sms = fitNamed(
    (name) => `Now filled: the ${theShift(d, name)} (offer ${d.code}). Thank you, no need to reply.`,
    d.practiceName,
  );
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Now filled: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      `The ${roleWord(d.role)} shift at ${practice} on ${d.when} (offer ${d.code}) has been filled by another clinician.`,
      'No need to reply. Thank you.',
    ]),
  };
}

// ---------------------------------------------------------------- kind: sign-in-elsewhere

/**
 * To the address itself, never to the admin who added it: the admin's reply
 * is the same as for a fresh address, so only the address's owner learns
 * that it already signs in somewhere.
 */
export function signInElsewhereMessage(d: { organisationName: string }): EmailText {
  const org = oneLine(d.organisationName);
  return email(`${org} has added you to its staff bank`, [
    'Hello,',
    '',
    `${org} has added you to its staff bank on Rota Bank.`,
    '',
    'This email address already signs in to Rota Bank for another organisation, and an address can sign in to ' +
      'one organisation only, so it cannot sign in to this bank as well. You will still get its shift offers by ' +
      'text or email, as you chose.',
    '',
    'To book in the app too, ask the bank office to give you a sign-in with another email address.',
  ]);
}

// ---------------------------------------------------------------- kind: invite

/** The invitation to join a bank: the link, and until when it works (a London date and time). */
export function inviteMessage(d: { organisationName: string; url: string; expires: string }): EmailText {
  const org = oneLine(d.organisationName);
  return email(`${org} invites you to join its staff bank`, [
    'Hello,',
    '',
    `${org} invites you to join its staff bank on Rota Bank.`,
    '',
    'Open this link to fill in your details, choose how you sign in, and upload your documents:',
    d.url,
    '',
    `The link works once, until ${oneLine(d.expires)}. Once the bank office has checked your documents it will ` +
      'approve you, and you will start getting shift offers.',
    '',
    'If you were not expecting this, ignore it: nothing happens unless the link is opened and the form sent.',
  ]);
}

// ---------------------------------------------------------------- kind: timesheet-approved

export function timesheetApprovedMessage(
  d: ShiftRef & { paidMinutes: number; grossPence: number },
): SmsText & EmailText {
  const sms = fitNamed(
    (name) =>
      `Timesheet approved: ${what(d, name)}, ${formatHours(d.paidMinutes)}, ${formatPence(d.grossPence)}. It goes into the next payroll.`,
    d.practiceName,
  );
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Timesheet approved: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      `Your timesheet for the ${roleWord(d.role)} shift at ${practice} on ${d.when} has been approved.`,
      '',
      `Paid hours: ${formatHours(d.paidMinutes)}`,
      `Gross pay: ${formatPence(d.grossPence)}`,
      '',
      'It goes into the next payroll export.',
    ]),
  };
}

// ---------------------------------------------------------------- kind: phone-verify

/**
 * To a clinician's new or changed number: until a bare YES comes back from
 * it, it gets no offers and acts for nobody. `organisationName` falls back to
 * the product's name when the organisation's record has none.
 */
export function phoneVerifyMessage(d: { organisationName?: string }): SmsText {
  return {
    sms: fitNamed((name) => `Reply YES to get shift offers from ${name} by text`, d.organisationName ?? PRODUCT),
  };
}

// ---------------------------------------------------------------- kinds: timesheet-queried, timesheet-rejected

/** A practice's name beside its own note: enough to tell practices apart. */
const NOTED_NAME = 40;

/**
 * A text carrying the practice's own words: the name is shortened first (to
 * 40 characters), then the note, as far as two segments demand, since the
 * app and the email show both whole.
 */
function fitNoted(render: (practiceName: string, note: string) => string, practiceName: string, note: string): string {
  const words = clean(note);
  const whole = clean(render(clean(practiceName), words));
  if (fits(whole)) return whole;
  const name = shorten(clean(practiceName), NOTED_NAME);
  const at = (max: number) => clean(render(name, shorten(words, max)));
  // The longest note that fits, by bisection: a text only grows with its note.
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(at(mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? at(lo) : fitNamed((n) => render(n, '...'), practiceName);
}

/** The practice asks the clinician to look at their timesheet again. */
export function timesheetQueriedMessage(d: ShiftRef & { note: string }): SmsText & EmailText {
  const sms = fitNoted(
    (name, note) => `Timesheet queried: ${what(d, name)}. "${note}" Please check it in the app and resubmit.`,
    d.practiceName,
    d.note,
  );
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Timesheet queried: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      `${practice} has a query about your timesheet for the ${roleWord(d.role)} shift on ${d.when}:`,
      '',
      d.note,
      '',
      'Please check it in the app, correct it if need be, and submit it again.',
    ]),
  };
}

/** A rejection is not final: the clinician can correct the timesheet and submit it again. */
export function timesheetRejectedMessage(d: ShiftRef & { reason: string }): SmsText & EmailText {
  const sms = fitNoted(
    (name, reason) => `Timesheet rejected: ${what(d, name)}. "${reason}" You can correct it in the app and resubmit.`,
    d.practiceName,
    d.reason,
  );
  const practice = oneLine(d.practiceName);
  return {
    sms,
    ...email(`Timesheet rejected: ${roleLabel(d.role)} at ${practice}, ${d.when}`, [
      'Hello,',
      '',
      `${practice} rejected your timesheet for the ${roleWord(d.role)} shift on ${d.when}:`,
      '',
      d.reason,
      '',
      'You can correct it in the app and submit it again.',
    ]),
  };
}

// ---------------------------------------------------------------- kind: sms-reply

/** The bare YES that proves a number. */
export function replyPhoneVerified(d: { organisationName?: string }): SmsText {
  return {
    sms: fitNamed(
      (name) => `Thank you: shift offers from ${name} will now come by text. Reply STOP to turn them off.`,
      d.organisationName ?? PRODUCT,
    ),
  };
}

/**
 * Anything but a bare YES from a number not yet proved: it books nothing and
 * learns nothing. To STOP, no invitation: the number gets no texts anyway.
 */
export function replyPhoneNotVerified(d: { organisationName?: string; stop?: boolean }): SmsText {
  return {
    sms: fitNamed(
      (name) =>
        d.stop
          ? `This number is not confirmed with ${name}, so it gets no shift texts from them.`
          : `This number is not confirmed yet, so it books nothing. Reply YES to get shift offers from ${name} by text.`,
      d.organisationName ?? PRODUCT,
    ),
  };
}

/** A code live in more than one of the sender's banks: it cannot say which is meant. */
export function replyCodeInSeveralBanks(d: { code: string }): SmsText {
  return fixed(
    `Sorry, ${d.code} matches offers from more than one of your banks, so nothing is booked. Please answer it in the app.`,
  );
}

export function replyBooked(d: ShiftDetails & { code: string }): SmsText {
  return {
    sms: fitNamed(
      (name) => `Booked: ${what(d, name)}, ${formatRate(d.hourlyRatePence)} (offer ${d.code}). Thank you!`,
      d.practiceName,
    ),
  };
}

export function replyDeclined(d: OfferRef): SmsText {
  return {
    sms: fitNamed((name) => `OK, you have passed on offer ${d.code}: ${what(d, name)}. Thank you.`, d.practiceName),
  };
}

export function replyAlreadyFilled(d: OfferRef): SmsText {
  return {
    sms: fitNamed(
      (name) => `Sorry, offer ${d.code} (${what(d, name)}) has already been filled. No booking made.`,
      d.practiceName,
    ),
  };
}

/** The shift was cancelled by the practice before the reply came in. */
export function replyShiftCancelled(d: OfferRef): SmsText {
  return {
    sms: fitNamed(
      (name) => `Sorry, offer ${d.code} (${what(d, name)}) was cancelled by the practice. No booking made.`,
      d.practiceName,
    ),
  };
}

/** The offer's time ran out, or it was declined earlier. */
export function replyOfferExpired(d: OfferRef): SmsText {
  return {
    sms: fitNamed((name) => `Sorry, offer ${d.code} (${what(d, name)}) has closed. No booking made.`, d.practiceName),
  };
}

export type ClashReason = 'CLASH' | 'REST' | 'WEEKLY_HOURS' | 'TIME_OFF' | 'TRAVEL';

const CLASH_WORDS: Readonly<Record<ClashReason, string>> = {
  CLASH: 'it overlaps another of your bookings',
  TIME_OFF: 'you have time off then',
  REST: "you'd have under 11 hours' rest between working days",
  WEEKLY_HOURS: 'it takes you over your weekly hours',
  TRAVEL: 'too little time to drive from your other booking',
};

/** The shift is still open, but booking it would overlap a booking or time off, or break the rest or weekly-hours rules. */
export function replyClash(d: OfferRef & { reason: ClashReason }): SmsText {
  return {
    sms: fitNamed(
      (name) => `Sorry, you can't book offer ${d.code} (${what(d, name)}): ${CLASH_WORDS[d.reason]}.`,
      d.practiceName,
    ),
  };
}

/** The code matches none of the sender's offers; says nothing about anyone else's. */
export function replyCodeNotRecognised(d: { code: string }): SmsText {
  return fixed(
    `Sorry, ${d.code} doesn't match any of your offers. Reply SHIFTS to see your live offers and their codes.`,
  );
}

export function replyNotUnderstood(): SmsText {
  return fixed(
    'Sorry, we did not understand that. Reply YES or NO with an offer code (e.g. YES 1234), SHIFTS for your offers, or HELP.',
  );
}

/**
 * A bare YES or NO when more than one offer is live: nothing is booked, the
 * codes are listed. `severalBanks`: the sender's offers are in more than one
 * bank, each of which answers with its own.
 */
export function replySeveralOffers(d: { offers: readonly OfferRef[]; severalBanks?: boolean }): SmsText {
  return {
    sms: fitList(
      (entries, more) => [
        d.severalBanks
          ? 'You have live offers from more than one bank, so nothing is booked yet. Reply YES or NO with a code:'
          : `You have ${d.offers.length} live offers, so nothing is booked yet. Reply YES or NO with a code:`,
        ...entries,
        ...(more > 0 ? [`and ${more} more (reply SHIFTS)`] : []),
      ],
      d.offers,
    ),
  };
}

export function replyNoLiveOffers(): SmsText {
  return fixed("You have no live offers right now. We'll text you when a shift comes up.");
}

/** The answer to SHIFTS. */
export function replyLiveOffers(d: { offers: readonly OfferRef[] }): SmsText {
  if (d.offers.length === 0) return replyNoLiveOffers();
  return {
    sms: fitList(
      (entries, more) => [
        'Your live offers:',
        ...entries,
        ...(more > 0 ? [`and ${more} more in the app`] : []),
        'Reply YES or NO with a code.',
      ],
      d.offers,
    ),
  };
}

export function replyHelp(): SmsText {
  return fixed(
    `${PRODUCT} shift offers. Reply YES or NO with an offer code to book or pass, SHIFTS to list your offers, STOP to end texts (email still works).`,
  );
}

export function replyStopped(): SmsText {
  return fixed(
    `You won't get texts from ${PRODUCT} any more; offers still come by email and in the app. Reply START to turn texts back on.`,
  );
}

export function replyStarted(): SmsText {
  return fixed(`Texts from ${PRODUCT} are back on. Reply HELP for help, or STOP to turn them off.`);
}

/** To a number no clinician has: no booking and no detail of any shift (API.md). */
export function replyUnknownNumber(): SmsText {
  return fixed(`This number isn't registered with ${PRODUCT}. Please contact your practice's rota team.`);
}

// ---------------------------------------------------------------- kinds: compliance-expiring, booking-at-risk

export const DOCUMENT_LABELS: Readonly<Record<DocumentType, string>> = {
  registration: 'professional registration',
  'performers-list': 'Performers List entry',
  indemnity: 'indemnity cover',
  dbs: 'DBS check',
  'training-bls': 'basic life support training',
  'training-safeguarding-adults': 'adult safeguarding training',
  'training-safeguarding-children': 'child safeguarding training',
  'right-to-work': 'right to work',
  'photo-id': 'photo ID',
  reference: 'reference',
  cv: 'CV',
  'hep-b': 'hepatitis B immunity',
};

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A London date, `2027-01-05`, as "Tue 5 Jan 2027". */
function dateWords(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return `${WEEKDAY_NAMES[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function daysWord(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

/** To the clinician, 30, 14 and 3 days before a required document lapses. */
export function complianceExpiringMessage(d: {
  type: DocumentType;
  lapsesOn: string;
  daysLeft: number;
  bookingsAtRisk: number;
}): SmsText & EmailText {
  const what = DOCUMENT_LABELS[d.type];
  const when = dateWords(d.lapsesOn);
  const booked = d.bookingsAtRisk
    ? ` ${d.bookingsAtRisk === 1 ? '1 booking falls' : `${d.bookingsAtRisk} bookings fall`} after then.`
    : '';
  return {
    sms: clean(
      `Your ${what} lapses on ${when} (in ${daysWord(d.daysLeft)}).${booked} Upload the renewal in the app to stay bookable.`,
    ),
    ...email(`Your ${what} lapses on ${when}`, [
      'Hello,',
      '',
      `Your ${what} on file with the bank lapses on ${when}, in ${daysWord(d.daysLeft)}.`,
      d.bookingsAtRisk
        ? `${d.bookingsAtRisk === 1 ? 'One of your bookings falls' : `${d.bookingsAtRisk} of your bookings fall`} on or after that day: you cannot work ${d.bookingsAtRisk === 1 ? 'it' : 'them'} unless the renewal is verified first.`
        : false,
      '',
      'Please upload the renewal in the app; HR will verify it. Until then you are not offered shifts from that day on.',
    ]),
  };
}

/** To the managers of a practice booked with a clinician whose document lapses before the shift. */
export function bookingAtRiskMessage(d: {
  clinicianName: string;
  practiceName: string;
  type: DocumentType;
  lapsesOn: string;
  bookings: { role: Role; when: string }[];
}): EmailText {
  const what = DOCUMENT_LABELS[d.type];
  const name = oneLine(d.clinicianName);
  const practice = oneLine(d.practiceName);
  const count = d.bookings.length;
  return email(`At risk: ${count === 1 ? 'a booking' : `${count} bookings`} at ${practice} with ${name}`, [
    'Hello,',
    '',
    `${name}'s ${what} lapses on ${dateWords(d.lapsesOn)}. Unless the renewal is verified by then, they cannot work ${count === 1 ? 'this booking' : 'these bookings'} at ${practice}:`,
    '',
    ...d.bookings.map((b) => `- ${roleLabel(b.role)}, ${b.when}`),
    '',
    'The clinician has been reminded. If it is not renewed in time, cancel the booking and post the shift again.',
  ]);
}
