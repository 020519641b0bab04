import * as z from 'zod';
import { EMPLOYMENTS } from '../domain/types';
import { ComplianceSchema, HomeSchema, RegistrationSchema } from './clinician-record';
import { AvailabilityWindowSchema, Id, plainText, RoleSchema, SkillSchema } from './common';
import { declared } from './declared';
import { PhoneSchema } from './phone';

const unique = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((xs) => new Set(xs).size === xs.length, 'must not repeat an entry');

const EmploymentSchema = /* @__PURE__ */ declared(() =>
  z.enum(EMPLOYMENTS).meta({
    description: 'bank: a worker paid through payroll (PAYE); self-employed and limited-company invoice instead',
  }),
);

/** NHS Pension Scheme membership: a member carries their scheme reference (a locum GP's SD number). */
const PensionSchema = /* @__PURE__ */ declared(() =>
  z
    .object({
      member: z.boolean(),
      schemeRef: plainText(
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z0-9]{4,16}$/, 'must be a scheme reference such as SD123456'),
      ).optional(),
    })
    .strict()
    .refine((p) => !p.member || p.schemeRef !== undefined, {
      message: 'a member needs their scheme reference',
      path: ['schemeRef'],
    }),
);

const NotifySchema = /* @__PURE__ */ declared(() => unique(z.enum(['sms', 'email']), 2));

export { CLINICIAN_SELF_FIELDS } from '../domain/clinician-fields';
export { ClinicianRecord, ListCliniciansQuery } from './clinician-record';

const fields = /* @__PURE__ */ declared(() => ({
  name: plainText(z.string().trim().min(2).max(120)),
  email: z.email().max(254).toLowerCase(),
  phone: PhoneSchema,
  roles: unique(RoleSchema, 9).min(1),
  skills: unique(SkillSchema, 40),
  home: HomeSchema,
  maxTravelKm: z.number().min(1).max(100),
  registration: RegistrationSchema.optional(),
  compliance: ComplianceSchema,
  employment: EmploymentSchema,
  pension: PensionSchema,
  payrollId: plainText(z.string().trim().max(32)).optional(),
  preferredPracticeIds: unique(Id, 50),
  blockedPracticeIds: unique(Id, 50),
  availability: z.array(AvailabilityWindowSchema).max(28).optional(),
  maxWeeklyHours: z.number().int().min(1).max(168),
  notify: NotifySchema,
}));

export const CreateClinicianBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      ...fields,
      skills: fields.skills.default([]),
      maxTravelKm: fields.maxTravelKm.default(25),
      employment: fields.employment.default('bank'),
      pension: fields.pension.optional(),
      preferredPracticeIds: fields.preferredPracticeIds.default([]),
      blockedPracticeIds: fields.blockedPracticeIds.default([]),
      maxWeeklyHours: fields.maxWeeklyHours.default(48),
      notify: fields.notify.default(['sms', 'email']),
    })
    .strict()
    .meta({
      id: 'CreateClinician',
      examples: [
        {
          name: 'Dr Asha Patel',
          email: 'asha.patel@example.nhs.uk',
          phone: '07700 900123',
          roles: ['gp'],
          home: { lat: 50.94, lon: -2.63, postcode: 'BA21 4AA' },
          compliance: { rightToWork: true, dbsCheckedOn: '2025-03-01' },
        },
      ],
    }),
);
export type CreateClinicianBody = z.infer<typeof CreateClinicianBody>;

/** `availability: null` clears the pattern (available at any time). */
export const UpdateClinicianBody = /* @__PURE__ */ declared(() =>
  z
    .object({ ...fields, availability: fields.availability.nullable() })
    .partial()
    .strict()
    .refine((b) => Object.keys(b).length > 0, 'must change at least one field')
    .meta({
      id: 'UpdateClinician',
      examples: [{ maxTravelKm: 15, availability: [{ day: 'tue', from: '09:00', to: '17:00' }] }],
    }),
);
export type UpdateClinicianBody = z.infer<typeof UpdateClinicianBody>;
