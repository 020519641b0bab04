import * as z from 'zod/mini';
import { BANK_HOLIDAYS_KNOWN_BEFORE } from '../domain/bank-holidays';
import { addDays, isIsoDate, parseInstant, startOfLondonDay } from '../domain/time';
import { ROLES, WEEKDAYS } from '../domain/types';
import { convertedText } from './converted';
import { declared } from './declared';
import { withMeta } from './meta';

export const Id = /* @__PURE__ */ declared(() =>
  z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'must be an id')),
);

export const RoleSchema = /* @__PURE__ */ declared(() => withMeta(z.enum(ROLES), { description: 'Clinical role' }));

export const SkillSchema = /* @__PURE__ */ declared(() =>
  z
    .string()
    .check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug such as cervical-screening'), z.maxLength(48)),
);

/**
 * The dates and instants any record may hold. Far enough either way for a
 * DBS check made long ago or a document expiring decades ahead, near enough
 * that date arithmetic never leaves the four-digit years (`9999-12-31` plus a
 * day is no ISO date).
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2099-12-31';
const EARLIEST_INSTANT = '2000-01-01T00:00:00.000Z';
const INSTANT_BEFORE = '2100-01-01T00:00:00.000Z';

/**
 * The London dates a period (payroll export, report, time off) may reach: no
 * shift can start on or after BANK_HOLIDAYS_KNOWN_BEFORE (its pay could not
 * say whether it is uplifted), so nothing past it can be paid or counted, and
 * a period there could only fail.
 */
export const PERIOD_EARLIEST = '2000-01-01';
export const PERIOD_LATEST = /* @__PURE__ */ declared(() => addDays(BANK_HOLIDAYS_KNOWN_BEFORE, -1));

const dateBetween = (earliest: string, latest: string) =>
  z.string().check(
    z.superRefine((d, ctx) => {
      if (!isIsoDate(d)) ctx.addIssue({ code: 'custom', message: 'must be a date, YYYY-MM-DD' });
      else if (d < earliest || d > latest) {
        ctx.addIssue({ code: 'custom', message: `must be a date from ${earliest} to ${latest}` });
      }
    }),
  );

export const DateSchema = /* @__PURE__ */ declared(() =>
  withMeta(dateBetween(EARLIEST_DATE, LATEST_DATE), {
    description: `Calendar date, ${EARLIEST_DATE} to ${LATEST_DATE}`,
    example: '2026-12-03',
  }),
);

/** A London date inside the years the product can pay and count shifts. */
export const PeriodDateSchema = /* @__PURE__ */ declared(() =>
  withMeta(dateBetween(PERIOD_EARLIEST, PERIOD_LATEST), {
    description: `London date, ${PERIOD_EARLIEST} to ${PERIOD_LATEST}`,
    example: '2026-12-03',
  }),
);

/** An instant with an offset, or a London wall clock without one; becomes a UTC ISO string. */
export const InstantSchema = /* @__PURE__ */ declared(() =>
  withMeta(
    convertedText(40, (text) => {
      const utc = parseInstant(text);
      if (!utc) {
        return {
          problem:
            'must be an ISO 8601 time such as 2026-12-03T08:30 (London) or 2026-12-03T08:30:00Z; London times that the clocks skip do not exist',
        };
      }
      if (utc < EARLIEST_INSTANT || utc >= INSTANT_BEFORE) {
        return { problem: `must be in the years ${EARLIEST_INSTANT.slice(0, 4)} to 2099` };
      }
      return { value: utc };
    }),
    { description: 'ISO 8601; without an offset it means London wall-clock time', example: '2026-12-03T08:30' },
  ),
);

/**
 * Characters that are never text: C0 and C1 controls but tab and line
 * breaks (a NUL, an ANSI escape that recolours a terminal or a log viewer);
 * the Unicode bidi controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069),
 * which reorder text on screen, so that after U+202E the rest of a name,
 * note or CSV cell reads backwards and what a manager or payroll sees is not
 * what was stored; and U+2028/2029, line breaks no keyboard types that end a
 * line in some readers and not in others.
 */
const NEVER_TEXT = /(?![\t\n\r])[\p{Cc}\p{Bidi_Control}\u2028\u2029]/u;
/** Line breaks and tabs: kept in notes and reasons, which may run to several lines, refused in one-line fields. */
const LINE_BREAKS = /[\t\n\r]/;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The one refinement every free-text field (names, addresses, notes,
 * reasons, search text) takes: no control or text-direction characters, and
 * on one-line fields no line breaks or tabs either.
 */
export function plainText<T extends z.ZodMiniString>(schema: T, options: { multiline?: boolean } = {}): T {
  return schema.check(
    z.superRefine((text, ctx) => {
      const bad = NEVER_TEXT.exec(text) ?? (options.multiline ? null : LINE_BREAKS.exec(text));
      if (bad) {
        ctx.addIssue({
          code: 'custom',
          message: `must not contain control or text-direction characters (found ${codePoint(bad[0])}${
            LINE_BREAKS.test(bad[0]) ? ', a line break or tab in a one-line field' : ''
          })`,
        });
      }
    }),
  ) as T;
}

const FILTER_MESSAGE =
  'must be a London date such as 2026-12-01, or an ISO 8601 time such as 2026-12-01T08:30 (London) or 2026-12-01T08:30:00Z';

/**
 * One end of a date filter. A London date covers that London day whole:
 * `from` starts at its midnight, `to` runs through its last millisecond (the
 * filters compare inclusively). An instant stands as given, as before.
 */
const dateFilterEnd = (end: 'from' | 'to') =>
  withMeta(
    convertedText(40, (text) => {
      if (isIsoDate(text)) {
        if (text < PERIOD_EARLIEST || text > LATEST_DATE) {
          return { problem: `must be a date from ${PERIOD_EARLIEST} to ${LATEST_DATE}` };
        }
        if (end === 'from') return { value: startOfLondonDay(text) };
        return { value: new Date(Date.parse(startOfLondonDay(addDays(text, 1))) - 1).toISOString() };
      }
      const utc = parseInstant(text);
      if (utc && utc >= EARLIEST_INSTANT && utc < INSTANT_BEFORE) return { value: utc };
      return { problem: FILTER_MESSAGE };
    }),
    {
      description:
        end === 'from'
          ? 'A London date (from its start) or an instant'
          : 'A London date (through its end, inclusive) or an instant',
      example: '2026-12-01',
    },
  );

/**
 * The `from`/`to` query of every route that filters by date; both become UTC
 * instants, compared inclusively.
 */
export const DateRangeQuery = /* @__PURE__ */ declared(() =>
  z.object({ from: z.optional(dateFilterEnd('from')), to: z.optional(dateFilterEnd('to')) }),
);

export const PenceSchema = /* @__PURE__ */ declared(() =>
  withMeta(z.number().check(z.int(), z.gte(0), z.lte(100_000_00)), { description: 'Integer pence' }),
);

export const LatSchema = /* @__PURE__ */ declared(() => z.number().check(z.gte(-90), z.lte(90)));
export const LonSchema = /* @__PURE__ */ declared(() => z.number().check(z.gte(-180), z.lte(180)));

export const ClockTimeSchema = /* @__PURE__ */ declared(() =>
  z.string().check(z.regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:mm, 00:00 to 24:00')),
);

export const AvailabilityWindowSchema = /* @__PURE__ */ declared(() =>
  z
    .object({ day: z.enum(WEEKDAYS), from: ClockTimeSchema, to: ClockTimeSchema })
    .check(z.refine((w) => w.from < w.to, { message: 'from must be before to', path: ['to'] })),
);

export const ListQuerySchema = /* @__PURE__ */ declared(() =>
  z.object({
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2048))),
  }),
);

export const ErrorBodySchema = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      error: z.object({
        code: z.string(),
        message: z.string(),
        details: z.optional(z.unknown()),
      }),
    }),
    { id: 'Error' },
  ),
);
