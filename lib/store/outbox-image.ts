import {
  nonEmptyText as id,
  isObject,
  issuesOf,
  oneOf,
  optional,
  type Rule,
  text,
  texts,
  wholeNumber,
} from '../domain/checks';
import { NOTIFICATION_KINDS } from '../domain/types';
import type { OutboxRecord } from './outbox';

const BASE: Readonly<Record<string, Rule>> = {
  orgId: id,
  id,
  kind: oneOf(NOTIFICATION_KINDS),
  subject: optional(text),
  createdAt: text,
};
const MESSAGE: Readonly<Record<string, Rule>> = {
  ...BASE,
  channel: oneOf(['sms', 'email']),
  to: id,
  body: text,
  fanOut: (v) => (v === undefined ? undefined : 'expected no fan-out on a message'),
};
const FAN_OUT: Readonly<Record<string, Rule>> = {
  kind: oneOf(['shift-filled', 'shift-cancelled', 'rate-raised']),
  shiftId: id,
  round: wholeNumber(),
  exceptClinicianIds: texts(),
};
const BOOKED: Readonly<Record<string, Rule>> = {
  bookingId: id,
  shiftId: id,
  offerId: id,
  clinicianId: id,
  code: id,
  start: text,
  actor: text,
  via: oneOf(['sms', 'web']),
  at: text,
};

/** A fan-out record's own fields: the audience, and what a booking leaves for the relay to finish. */
const fanOutIssues = (record: Record<string, unknown>) => [
  ...issuesOf(record, BASE),
  ...issuesOf(record.fanOut, FAN_OUT, 'fanOut'),
  ...(record.booked === undefined ? [] : issuesOf(record.booked, BOOKED, 'booked')),
];

/**
 * An outbox record as the stream's image holds it, checked for just enough
 * to relay: a message (channel, recipient, body) or a fan-out (its audience,
 * and a booking's loose ends). Anything else about a record is the
 * expander's business, and fields beyond these are kept. By hand rather than
 * with zod: on-outbox needs zod for nothing else, and zod's own start-up is
 * part of every cold start of the relay behind each text (issue 17.6).
 * test/unit/outbox-image.test.ts holds this to the zod schema it replaced,
 * over generated records.
 */
export function parseOutboxImage(value: unknown): { record: OutboxRecord } | { issues: string[] } {
  if (!isObject(value)) return { issues: ['(record): expected an object'] };
  const issues = value.fanOut === undefined ? issuesOf(value, MESSAGE) : fanOutIssues(value);
  return issues.length ? { issues } : { record: value as unknown as OutboxRecord };
}
