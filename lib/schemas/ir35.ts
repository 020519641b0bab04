import * as z from 'zod/mini';
import { IR35_DETERMINATIONS } from '../domain/types';
import { Id, plainText } from './common';
import { declared } from './declared';
import { withMeta } from './meta';

export const RecordIr35Body = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      practiceId: withMeta(Id, { description: 'The practice whose engagement this determines' }),
      determination: withMeta(z.enum(IR35_DETERMINATIONS), { description: 'Inside or outside the off-payroll rules' }),
      reason: withMeta(plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)), { multiline: true }), {
        description: 'Why: the status determination statement in brief',
      }),
    }),
    {
      id: 'RecordOffPayrollDetermination',
      examples: [
        {
          practiceId: 'p-hendford',
          determination: 'outside',
          reason: 'Sessional locum: own indemnity, right of substitution, no control over how clinics are run',
        },
      ],
    },
  ),
);
export type RecordIr35Body = z.infer<typeof RecordIr35Body>;

export const Ir35Record = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      clinicianId: Id,
      practiceId: Id,
      determination: z.enum(IR35_DETERMINATIONS),
      reason: z.string(),
      decidedBy: withMeta(z.string(), { description: 'The user who recorded it' }),
      decidedAt: withMeta(z.string(), { description: 'UTC instant' }),
    }),
    { id: 'OffPayrollDetermination' },
  ),
);
export type Ir35Record = z.output<typeof Ir35Record>;
