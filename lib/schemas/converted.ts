import * as z from 'zod/mini';

/**
 * A string of at most `maxLength` characters that `convert` turns into the
 * value kept (an instant in UTC, a phone number in E.164), or, when it
 * cannot, into what is wrong with it: one custom issue with that message.
 */
export function convertedText(maxLength: number, convert: (text: string) => { value: string } | { problem: string }) {
  return z.pipe(
    z.string().check(z.maxLength(maxLength)),
    z.transform((text, ctx) => {
      const out = convert(text);
      if ('value' in out) return out.value;
      ctx.issues.push({ input: text, code: 'custom', message: out.problem });
      return z.NEVER;
    }),
  );
}
