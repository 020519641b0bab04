import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { JOB_FIELDS, type Job, parseJob } from '../../lib/schedule/jobs';

/** The zod schema jobs were parsed with until on-schedule dropped zod: parseJob must agree with it. */
const JobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('wave'),
    orgId: z.string(),
    shiftId: z.string(),
    wave: z.number().check(z.int(), z.gte(1)),
  }),
  z.object({ kind: z.literal('reminder'), orgId: z.string(), bookingId: z.string() }),
  z.object({
    kind: z.literal('timesheet-auto-approve'),
    orgId: z.string(),
    timesheetId: z.string(),
    revision: z.number().check(z.int(), z.gte(0)),
  }),
  z.object({
    kind: z.literal('bulk-wave'),
    orgId: z.string(),
    practiceId: z.string(),
    shiftIds: z.array(z.string()).check(z.minLength(1), z.maxLength(200)),
    wave: z.number().check(z.int(), z.gte(1)),
  }),
  z.object({
    kind: z.literal('invoice-run'),
    orgId: z.string(),
    month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/))),
  }),
  z.object({
    kind: z.literal('compliance-reminders'),
    orgId: z.string(),
    on: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  }),
  z.object({ kind: z.literal('pension-watchdog'), orgId: z.string() }),
]);

const KINDS = [
  'wave',
  'reminder',
  'timesheet-auto-approve',
  'bulk-wave',
  'invoice-run',
  'compliance-reminders',
  'pension-watchdog',
] as const;

/** Values a field might hold, right or wrong: the edges of each rule and then some. */
const anyValue = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    'org-somerset',
    '2026-11',
    '2026-13',
    '2026-00',
    '2026-11-22',
    '2026-1-2',
    0,
    1,
    -1,
    2.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    true,
    [],
    ['s1'],
    [1],
    {},
  ),
  fc.string(),
  fc.integer({ min: -3, max: 3 }),
  fc.array(fc.string(), { minLength: 0, maxLength: 3 }),
  fc.array(fc.string(), { minLength: 199, maxLength: 201 }),
);

/** Anything shaped like a job: every field present or not, each any of the values above. */
const anything = fc.record(
  {
    kind: fc.oneof(fc.constantFrom(...KINDS), fc.constantFrom('waves', '', 'Wave', undefined, 3)),
    orgId: anyValue,
    shiftId: anyValue,
    bookingId: anyValue,
    timesheetId: anyValue,
    practiceId: anyValue,
    shiftIds: anyValue,
    wave: anyValue,
    revision: anyValue,
    month: anyValue,
    on: anyValue,
    extra: anyValue,
  },
  { requiredKeys: [] },
);

/** A right value for each field. */
const RIGHT: Record<string, fc.Arbitrary<unknown>> = {
  orgId: fc.string(),
  shiftId: fc.string(),
  bookingId: fc.string(),
  timesheetId: fc.string(),
  practiceId: fc.string(),
  shiftIds: fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
  wave: fc.integer({ min: 1, max: 5 }),
  revision: fc.integer({ min: 0, max: 5 }),
  month: fc.constantFrom(undefined, '2026-01', '2026-12'),
  on: fc.constantFrom(undefined, '2026-12-07'),
};

/** A right job of some kind with one field (or `kind`, or one more) set to any of the values above: the edges. */
const nearlyRight = fc.constantFrom(...KINDS).chain((kind) => {
  const names = Object.keys(JOB_FIELDS[kind]);
  return fc
    .tuple(
      fc.record(Object.fromEntries(names.map((n) => [n, RIGHT[n]!]))),
      fc.constantFrom(...names, 'kind', 'extra'),
      anyValue,
    )
    .map(([fields, changed, value]) => ({ kind, ...fields, [changed]: value }));
});

const jobLike = fc.oneof(nearlyRight, nearlyRight, anything);

describe('parseJob', () => {
  it('accepts and refuses what the zod schema it replaced did, and keeps the same fields', () => {
    fc.assert(
      fc.property(jobLike, (input) => {
        const zod = JobSchema.safeParse(input);
        const ours = parseJob(input);
        expect('job' in ours, JSON.stringify(input)).toBe(zod.success);
        if (zod.success && 'job' in ours) expect(ours.job).toEqual(zod.data);
      }),
      { numRuns: 5_000 },
    );
  });

  it('takes each kind of job as the schedulers write it', () => {
    const jobs: Job[] = [
      { kind: 'wave', orgId: 'o', shiftId: 's', wave: 2 },
      { kind: 'reminder', orgId: 'o', bookingId: 'b' },
      { kind: 'timesheet-auto-approve', orgId: 'o', timesheetId: 't', revision: 0 },
      { kind: 'bulk-wave', orgId: 'o', practiceId: 'p', shiftIds: ['s1', 's2'], wave: 1 },
      { kind: 'invoice-run', orgId: 'o' },
      { kind: 'invoice-run', orgId: 'o', month: '2026-11' },
      { kind: 'compliance-reminders', orgId: 'o', on: '2026-12-07' },
      { kind: 'pension-watchdog', orgId: 'o' },
    ];
    for (const job of jobs) expect(parseJob(JSON.parse(JSON.stringify(job)))).toEqual({ job });
  });

  it('says what is wrong with a job it refuses', () => {
    expect(parseJob({ kind: 'wave', orgId: 'o', shiftId: 's', wave: 0 })).toEqual({
      issues: ['wave: expected a whole number from 1'],
    });
    expect(parseJob({ kind: 'invoice-run', orgId: 'o', month: '2026-13' })).toEqual({
      issues: ['month: expected YYYY-MM'],
    });
    expect(parseJob({ kind: 'holiday', orgId: 'o' })).toEqual({ issues: ['kind: not a kind of job'] });
    expect(parseJob('wave')).toEqual({ issues: ['expected an object'] });
  });
});
