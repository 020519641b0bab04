import { toE164 } from '../domain/phone';
import { convertedText } from './converted';
import { declared } from './declared';
import { withMeta } from './meta';

/** Kept apart from the common schemas: only the routes that take a phone number carry libphonenumber. */
export const PhoneSchema = /* @__PURE__ */ declared(() =>
  withMeta(
    convertedText(32, (text) => {
      const e164 = toE164(text);
      return e164 ? { value: e164 } : { problem: 'must be a phone number, e.g. 07700 900123 or +447700900123' };
    }),
    { description: 'Any usual UK or international form; stored and returned in E.164', example: '07700 900123' },
  ),
);
