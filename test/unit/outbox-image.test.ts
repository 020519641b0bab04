import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { NOTIFICATION_KINDS } from '../../lib/domain/types';
import { parseOutboxImage } from '../../lib/store/outbox-image';

/** The zod schema on-outbox checked records with until it dropped zod: parseOutboxImage must agree with it. */
const base = {
  orgId: z.string().check(z.minLength(1)),
  id: z.string().check(z.minLength(1)),
  kind: z.enum(NOTIFICATION_KINDS),
  subject: z.optional(z.string()),
  createdAt: z.string(),
};
const OutboxImageSchema = z.union([
  z.looseObject({
    ...base,
    channel: z.enum(['sms', 'email']),
    to: z.string().check(z.minLength(1)),
    body: z.string(),
    fanOut: z.optional(z.undefined()),
  }),
  z.looseObject({
    ...base,
    fanOut: z.looseObject({
      kind: z.enum(['shift-filled', 'shift-cancelled', 'rate-raised']),
      shiftId: z.string().check(z.minLength(1)),
      round: z.number().check(z.int()),
      exceptClinicianIds: z.array(z.string()),
    }),
    booked: z.optional(
      z.looseObject({
        bookingId: z.string().check(z.minLength(1)),
        shiftId: z.string().check(z.minLength(1)),
        offerId: z.string().check(z.minLength(1)),
        clinicianId: z.string().check(z.minLength(1)),
        code: z.string().check(z.minLength(1)),
        start: z.string(),
        actor: z.string(),
        via: z.enum(['sms', 'web']),
        at: z.string(),
      }),
    ),
  }),
]);

const message = {
  orgId: 'org-somerset',
  id: 'out-01',
  kind: 'offer',
  createdAt: '2026-12-07T09:00:00.000Z',
  channel: 'sms',
  to: '+447700900123',
  body: 'Shift at Yeovil: reply YES 4821',
};
const booked = {
  bookingId: 'bk-1',
  shiftId: 'sh-1',
  offerId: 'of-1',
  clinicianId: 'cln-1',
  code: '4821',
  start: '2026-12-08T08:30:00.000Z',
  actor: 'cln-1',
  via: 'sms',
  at: '2026-12-07T09:00:00.000Z',
};
const fanOut = {
  orgId: 'org-somerset',
  id: 'out-02',
  kind: 'shift-filled',
  createdAt: '2026-12-07T09:00:00.000Z',
  fanOut: { kind: 'shift-filled', shiftId: 'sh-1', round: 1, exceptClinicianIds: ['cln-1'] },
  booked,
};

/** Values a field might hold, right or wrong: the edges of each rule and then some. */
const anyValue = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    'x',
    'sms',
    'email',
    'web',
    'offer',
    'shift-filled',
    'rate-raised',
    'not-a-kind',
    0,
    -0,
    1,
    2.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    [],
    ['cln-1'],
    [1],
    {},
    { kind: 'shift-filled', shiftId: 'sh-1', round: 1, exceptClinicianIds: [] },
    booked,
  ),
  fc.string(),
  fc.integer(),
);

/** The fields of each part of a record, and one that is none of them. */
const FIELDS = {
  top: ['orgId', 'id', 'kind', 'subject', 'createdAt', 'channel', 'to', 'body', 'fanOut', 'booked', 'extra'],
  fanOut: ['kind', 'shiftId', 'round', 'exceptClinicianIds', 'extra'],
  booked: ['bookingId', 'shiftId', 'offerId', 'clinicianId', 'code', 'start', 'actor', 'via', 'at', 'extra'],
} as const;

/** A right record of either shape with one field (at the top, in its fan-out or in booked) set to another value. */
const changed = fc
  .record({ shape: fc.constantFrom(message, fanOut, { ...fanOut, booked: undefined }), value: anyValue })
  .chain(({ shape, value }) => {
    const parts = (['top', 'fanOut', 'booked'] as const).filter((p) => p === 'top' || shape[p as keyof typeof shape]);
    return fc
      .constantFrom(...parts)
      .chain((part) => fc.constantFrom(...FIELDS[part]).map((field) => ({ shape, value, part, field })));
  })
  .map(({ shape, value, part, field }) => {
    const copy = structuredClone(shape) as Record<string, unknown>;
    const target = part === 'top' ? copy : (copy[part] as Record<string, unknown>);
    target[field] = value;
    return copy;
  });
const record = fc.oneof(fc.constant(message), fc.constant(fanOut), changed, changed, anyValue);

describe('parseOutboxImage: a stream image checked for just enough to relay', () => {
  it('takes a message and a booking’s fan-out as they are, fields beyond its own kept', () => {
    expect(parseOutboxImage(message)).toEqual({ record: message });
    expect(parseOutboxImage({ ...fanOut, extra: 1 })).toEqual({ record: { ...fanOut, extra: 1 } });
  });

  it('says what is wrong: a message without a recipient, a fan-out of no known kind', () => {
    expect(parseOutboxImage({ ...message, to: '' })).toEqual({ issues: ['to: expected a non-empty string'] });
    expect(parseOutboxImage({ ...fanOut, fanOut: { ...fanOut.fanOut, kind: 'x' } })).toEqual({
      issues: ['fanOut.kind: expected one of shift-filled, shift-cancelled, rate-raised'],
    });
    expect(parseOutboxImage(undefined)).toEqual({ issues: ['(record): expected an object'] });
  });

  it('accepts exactly what the zod schema it replaced accepted, and gives back the same record', () => {
    fc.assert(
      fc.property(record, (value) => {
        const theirs = OutboxImageSchema.safeParse(value);
        const ours = parseOutboxImage(value);
        expect('record' in ours).toBe(theirs.success);
        if ('record' in ours) expect(ours.record).toEqual(theirs.data);
      }),
      { numRuns: 5_000 },
    );
  });
});
