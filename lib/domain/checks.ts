/**
 * Checks for the few shapes read without zod, where a function needs zod for
 * nothing else and would pay its start-up on every cold start (issue 17.6):
 * a scheduled job (lib/schedule/jobs.ts), an outbox record's stream image
 * (lib/store/outbox-image.ts), the inbound SMS topic's message
 * (lib/notify/inbound-sms-message.ts). Each of those is held by a property
 * test to the zod schema it replaced.
 */

/** What one field must be: undefined when a value is that, else why not. */
export type Rule = (value: unknown) => string | undefined;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const text: Rule = (v) => (typeof v === 'string' ? undefined : 'expected a string');

export const nonEmptyText: Rule = (v) =>
  typeof v === 'string' && v.length > 0 ? undefined : 'expected a non-empty string';

/** A string of `min` to `max` characters (UTF-16 units, as zod and JSON count them). */
export const textOfLength =
  (min: number, max: number): Rule =>
  (v) => {
    if (typeof v !== 'string') return 'expected a string';
    if (v.length < min) return `expected at least ${min} characters`;
    return v.length > max ? `expected at most ${max} characters` : undefined;
  };

/** A string the pattern matches whole; `what` says what it looks like (`YYYY-MM`). */
export const matching =
  (pattern: RegExp, what: string): Rule =>
  (v) =>
    typeof v === 'string' && pattern.test(v) ? undefined : `expected ${what}`;

export const oneOf =
  (values: readonly string[]): Rule =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? undefined : `expected one of ${values.join(', ')}`;

/** A safe integer, from `min` when given. */
export const wholeNumber =
  (min?: number): Rule =>
  (v) =>
    Number.isSafeInteger(v) && (min === undefined || (v as number) >= min)
      ? undefined
      : `expected a whole number${min === undefined ? '' : ` from ${min}`}`;

/** A list of strings, of `min` to `max` entries when given. */
export const texts =
  (min = 0, max = Number.POSITIVE_INFINITY): Rule =>
  (v) =>
    Array.isArray(v) && v.length >= min && v.length <= max && v.every((x) => typeof x === 'string')
      ? undefined
      : max === Number.POSITIVE_INFINITY
        ? 'expected a list of strings'
        : `expected ${min} to ${max} strings`;

export const optional =
  (rule: Rule): Rule =>
  (v) =>
    v === undefined ? undefined : rule(v);

/**
 * What is wrong with `value` against `rules`, each issue named by its field
 * under `path` (`fanOut.kind: …`); fields without a rule are not looked at.
 */
export function issuesOf(value: unknown, rules: Readonly<Record<string, Rule>>, path?: string): string[] {
  if (!isObject(value)) return [`${path ?? '(record)'}: expected an object`];
  const prefix = path ? `${path}.` : '';
  return Object.entries(rules).flatMap(([name, rule]) => {
    const issue = rule(value[name]);
    return issue ? [`${prefix}${name}: ${issue}`] : [];
  });
}
