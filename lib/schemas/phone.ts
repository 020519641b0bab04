import * as z from 'zod/mini';
import { toE164 } from '../domain/phone';
import { declared } from './declared';
import { withMeta } from './meta';

/** Kept apart from the common schemas: only the routes that take a phone number carry libphonenumber. */
export const PhoneSchema = /* @__PURE__ */ declared(() =>
  withMeta(
    z.pipe(
      z.string().check(z.maxLength(32)),
      z.transform((text, ctx) => {
        const e164 = toE164(text);
        if (!e164) {
          ctx.issues.push({
            input: text,
            code: 'custom',
            message: 'must be a phone number, e.g. 07700 900123 or +447700900123',
          });
          return z.NEVER;
        }
        return e164;
      }),
    ),
    { description: 'Any usual UK or international form; stored and returned in E.164', example: '07700 900123' },
  ),
);
