import * as z from 'zod';
import { IR35_DETERMINATIONS } from '../domain/types';
import { Id, plainText } from './common';
import { declared } from './declared';

export const RecordIr35Body = /* @__PURE__ */ declared(() =>
  z
    .object({
      practiceId: Id.meta({ description: 'The practice whose engagement this determines' }),
      determination: z.enum(IR35_DETERMINATIONS).meta({ description: 'Inside or outside the off-payroll rules' }),
      reason: plainText(z.string().trim().min(1).max(1000), { multiline: true }).meta({
        description: 'Why: the status determination statement in brief',
      }),
    })
    .strict()
    .meta({
      id: 'RecordOffPayrollDetermination',
      examples: [
        {
          practiceId: 'p-hendford',
          determination: 'outside',
          reason: 'Sessional locum: own indemnity, right of substitution, no control over how clinics are run',
        },
      ],
    }),
);
export type RecordIr35Body = z.infer<typeof RecordIr35Body>;

export const Ir35Record = /* @__PURE__ */ declared(() =>
  z
    .object({
      clinicianId: Id,
      practiceId: Id,
      determination: z.enum(IR35_DETERMINATIONS),
      reason: z.string(),
      decidedBy: z.string().meta({ description: 'The user who recorded it' }),
      decidedAt: z.string().meta({ description: 'UTC instant' }),
    })
    .meta({ id: 'OffPayrollDetermination' }),
);
export type Ir35Record = z.output<typeof Ir35Record>;
