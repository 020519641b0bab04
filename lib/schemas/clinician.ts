import * as z from 'zod';
import { EMPLOYMENTS } from '../domain/types';
import {
  AvailabilityWindowSchema,
  DateSchema,
  Id,
  LatSchema,
  LonSchema,
  plainText,
  RoleSchema,
  SkillSchema,
} from './common';
import { PhoneSchema } from './phone';

const unique = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((xs) => new Set(xs).size === xs.length, 'must not repeat an entry');

const HomeSchema = z.object({
  lat: LatSchema,
  lon: LonSchema,
  postcode: plainText(z.string().trim().toUpperCase().max(10)).optional(),
});

const ComplianceSchema = z.object({
  dbsCheckedOn: DateSchema.optional(),
  trainingExpires: DateSchema.optional(),
  indemnityExpires: DateSchema.optional(),
  rightToWork: z.boolean(),
  rightToWorkExpires: DateSchema.optional(),
});

const RegistrationSchema = z.object({
  body: z.enum(['GMC', 'NMC', 'HCPC', 'GPhC']),
  number: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{6,10}$/, 'must be a registration number'),
  expires: DateSchema.optional(),
});

const EmploymentSchema = z.enum(EMPLOYMENTS).meta({
  description: 'bank: a worker paid through payroll (PAYE); self-employed and limited-company invoice instead',
});

/** NHS Pension Scheme membership: a member carries their scheme reference (a locum GP's SD number). */
const PensionSchema = z
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
  });

const NotifySchema = unique(z.enum(['sms', 'email']), 2);

export { CLINICIAN_SELF_FIELDS } from '../domain/clinician-fields';

const fields = {
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
};

export const CreateClinicianBody = z
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
  .meta({ id: 'CreateClinician' });
export type CreateClinicianBody = z.infer<typeof CreateClinicianBody>;

/** `availability: null` clears the pattern (available at any time). */
export const UpdateClinicianBody = z
  .object({ ...fields, availability: fields.availability.nullable() })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateClinician' });
export type UpdateClinicianBody = z.infer<typeof UpdateClinicianBody>;

export const ListCliniciansQuery = z.object({
  role: RoleSchema.optional(),
  skill: SkillSchema.optional(),
  near: Id.optional().meta({ description: 'Practice id: clinicians whose travel distance reaches it' }),
  q: plainText(z.string().trim().max(60)).optional(),
});

export const ClinicianRecord = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string(),
    phone: z.string().meta({ description: 'E.164' }),
    roles: z.array(RoleSchema),
    skills: z.array(z.string()),
    home: HomeSchema,
    maxTravelKm: z.number(),
    registration: RegistrationSchema.optional(),
    compliance: ComplianceSchema,
    employment: EmploymentSchema,
    pension: z.object({ member: z.boolean(), schemeRef: z.string().optional() }).optional(),
    payrollId: z.string().optional(),
    preferredPracticeIds: z.array(z.string()),
    blockedPracticeIds: z.array(z.string()),
    availability: z.array(AvailabilityWindowSchema).optional(),
    maxWeeklyHours: z.number(),
    notify: z.array(z.enum(['sms', 'email'])),
    phoneVerified: z.boolean().meta({
      description: 'False until a bare YES comes from the number; until then offers go by email and in the app only',
    }),
    bookableUntil: z.string().optional().meta({ description: 'First date on which some compliance item lapses' }),
    status: z
      .enum(['active', 'disabled'])
      .optional()
      .meta({ description: 'Absent means active; disabled: left the bank, never matched or booked, sign-in stopped' }),
    disabledAt: z.string().optional(),
    disabledReason: z.string().optional(),
  })
  .meta({ id: 'Clinician' });
