import type * as z from 'zod/mini';

/** Validates with the API's own zod schema; returns the parsed body or one message per top-level field. */
export function validate<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; errors: Record<string, string> } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    if (!(key in errors)) errors[key] = issue.message;
  }
  return { ok: false, errors };
}

/** '' -> undefined, else the number (NaN stays NaN so the schema reports it). */
export const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** £ text to integer pence: `95` or `95.50` -> 9500 / 9550. */
export function poundsToPence(text: string): number | undefined {
  const t = text.replace(/[£,\s]/g, '');
  if (t === '') return undefined;
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return Number.NaN;
  return Math.round(Number(t) * 100);
}
