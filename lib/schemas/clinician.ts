import * as z from 'zod/mini';
import { EMPLOYMENTS } from '../domain/types';
import { ComplianceSchema, HomeSchema, RegistrationSchema } from './clinician-record';
import { AvailabilityWindowSchema, Id, plainText, RoleSchema, SkillSchema } from './common';
import { declared } from './declared';
import { withMeta } from './meta';
import { PhoneSchema } from './phone';

const unique = <T extends z.ZodMiniType>(item: T, max: number) =>
  z.array(item).check(
    z.maxLength(max),
    z.refine((xs) => new Set(xs).size === xs.length, 'must not repeat an entry'),
  );

const EmploymentSchema = /* @__PURE__ */ declared(() =>
  withMeta(z.enum(EMPLOYMENTS), {
    description: 'bank: a worker paid through payroll (PAYE); self-employed and limited-company invoice instead',
  }),
);

/** NHS Pension Scheme membership: a member carries their scheme reference (a locum GP's SD number). */
const PensionSchema = /* @__PURE__ */ declared(() =>
  z
    .strictObject({
      member: z.boolean(),
      schemeRef: z.optional(
        plainText(
          z
            .string()
            .check(
              z.trim(),
              z.toUpperCase(),
              z.regex(/^[A-Z0-9]{4,16}$/, 'must be a scheme reference such as SD123456'),
            ),
        ),
      ),
    })
    .check(
      z.refine((p) => !p.member || p.schemeRef !== undefined, {
        message: 'a member needs their scheme reference',
        path: ['schemeRef'],
      }),
    ),
);

const NotifySchema = /* @__PURE__ */ declared(() => unique(z.enum(['sms', 'email']), 2));

export { CLINICIAN_SELF_FIELDS } from '../domain/clinician-fields';
export { ClinicianRecord, ListCliniciansQuery } from './clinician-record';

const fields = /* @__PURE__ */ declared(() => ({
  name: plainText(z.string().check(z.trim(), z.minLength(2), z.maxLength(120))),
  email: z.email().check(z.maxLength(254), z.toLowerCase()),
  phone: PhoneSchema,
  roles: unique(RoleSchema, 9).check(z.minLength(1)),
  skills: unique(SkillSchema, 40),
  home: HomeSchema,
  maxTravelKm: z.number().check(z.gte(1), z.lte(100)),
  registration: z.optional(RegistrationSchema),
  compliance: ComplianceSchema,
  employment: EmploymentSchema,
  pension: PensionSchema,
  payrollId: z.optional(plainText(z.string().check(z.trim(), z.maxLength(32)))),
  preferredPracticeIds: unique(Id, 50),
  blockedPracticeIds: unique(Id, 50),
  availability: z.optional(z.array(AvailabilityWindowSchema).check(z.maxLength(28))),
  maxWeeklyHours: z.number().check(z.int(), z.gte(1), z.lte(168)),
  notify: NotifySchema,
}));

export const CreateClinicianBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      ...fields,
      skills: z._default(fields.skills, []),
      maxTravelKm: z._default(fields.maxTravelKm, 25),
      employment: z._default(fields.employment, 'bank'),
      pension: z.optional(fields.pension),
      preferredPracticeIds: z._default(fields.preferredPracticeIds, []),
      blockedPracticeIds: z._default(fields.blockedPracticeIds, []),
      maxWeeklyHours: z._default(fields.maxWeeklyHours, 48),
      notify: z._default(fields.notify, ['sms', 'email']),
    }),
    {
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
    },
  ),
);
export type CreateClinicianBody = z.infer<typeof CreateClinicianBody>;

/** `availability: null` clears the pattern (available at any time). */
export const UpdateClinicianBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z
      .partial(z.strictObject({ ...fields, availability: z.nullable(fields.availability) }))
      .check(z.refine((b) => Object.keys(b).length > 0, 'must change at least one field')),
    {
      id: 'UpdateClinician',
      examples: [{ maxTravelKm: 15, availability: [{ day: 'tue', from: '09:00', to: '17:00' }] }],
    },
  ),
);
export type UpdateClinicianBody = z.infer<typeof UpdateClinicianBody>;
