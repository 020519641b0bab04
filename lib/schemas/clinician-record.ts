import * as z from 'zod/mini';
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
import { declared } from './declared';
import { DocumentTypeSchema } from './documents';
import { withMeta } from './meta';

/*
 * What reading clinicians needs, apart from the bodies that change them: those
 * parse phone numbers, and only their routes should carry libphonenumber.
 */

export const HomeSchema = /* @__PURE__ */ declared(() =>
  z.object({
    lat: LatSchema,
    lon: LonSchema,
    postcode: z.optional(plainText(z.string().check(z.trim(), z.toUpperCase(), z.maxLength(10)))),
  }),
);

export const ComplianceSchema = /* @__PURE__ */ declared(() =>
  z.object({
    dbsCheckedOn: z.optional(DateSchema),
    trainingExpires: z.optional(DateSchema),
    indemnityExpires: z.optional(DateSchema),
    rightToWork: z.boolean(),
    rightToWorkExpires: z.optional(DateSchema),
  }),
);

/**
 * What a clinician's record says of compliance: v1's fields, now derived
 * from everything on file (a verified document counts as much as a date an
 * admin typed in), and what is required, missing and when each type lapses.
 */
export const ComplianceRecordSchema = /* @__PURE__ */ declared(() =>
  z.extend(ComplianceSchema, {
    required: withMeta(z.array(DocumentTypeSchema), {
      description: "Document types their roles require (v1's set for a clinician an admin added)",
    }),
    missing: withMeta(z.array(DocumentTypeSchema), {
      description: 'Required types with no verified document (or too few)',
    }),
    validUntil: withMeta(z.record(z.string(), z.string()), {
      description: 'Per required type that lapses, the first London date it no longer counts',
    }),
  }),
);

export const RegistrationSchema = /* @__PURE__ */ declared(() =>
  z.object({
    body: z.enum(['GMC', 'NMC', 'HCPC', 'GPhC']),
    number: z
      .string()
      .check(z.trim(), z.toUpperCase(), z.regex(/^\s*[A-Za-z0-9]{6,10}\s*$/, 'must be a registration number')),
    expires: z.optional(DateSchema),
  }),
);

export const ListCliniciansQuery = /* @__PURE__ */ declared(() =>
  z.object({
    role: z.optional(RoleSchema),
    skill: z.optional(SkillSchema),
    near: withMeta(z.optional(Id), { description: 'Practice id: clinicians whose travel distance reaches it' }),
    q: z.optional(plainText(z.string().check(z.trim(), z.maxLength(60)))),
  }),
);

export const ClinicianRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      name: z.string(),
      email: z.string(),
      phone: withMeta(z.string(), { description: 'E.164' }),
      roles: z.array(RoleSchema),
      skills: z.array(z.string()),
      home: withMeta(z.optional(HomeSchema), {
        description: 'Absent only for an applicant who joined without giving it; they are approved once they add it',
      }),
      maxTravelKm: z.number(),
      registration: z.optional(RegistrationSchema),
      compliance: ComplianceRecordSchema,
      employment: withMeta(z.enum(EMPLOYMENTS), {
        description: 'bank: a worker paid through payroll (PAYE); self-employed and limited-company invoice instead',
      }),
      pension: withMeta(z.optional(z.object({ member: z.boolean(), schemeRef: z.optional(z.string()) })), {
        description: 'NHS Pension Scheme membership; schemeRef is a locum GP SD number',
      }),
      payrollId: z.optional(z.string()),
      preferredPracticeIds: z.array(z.string()),
      blockedPracticeIds: z.array(z.string()),
      availability: z.optional(z.array(AvailabilityWindowSchema)),
      maxWeeklyHours: z.number(),
      notify: z.array(z.enum(['sms', 'email'])),
      phoneVerified: withMeta(z.boolean(), {
        description: 'False until a bare YES comes from the number; until then offers go by email and in the app only',
      }),
      smsOptedOut: withMeta(z.optional(z.boolean()), { description: 'Replied STOP to a text; START clears it' }),
      lateCancellations: withMeta(z.optional(z.number().check(z.int())), {
        description: 'Cancellations within 48 hours of a start',
      }),
      completedShifts: z.optional(z.number().check(z.int())),
      createdAt: z.optional(z.string()),
      updatedAt: z.optional(z.string()),
      bookableUntil: withMeta(z.optional(z.string()), {
        description: 'First date on which some compliance item lapses',
      }),
      status: withMeta(z.optional(z.enum(['active', 'disabled', 'applicant'])), {
        description:
          'Absent means active; disabled: left the bank, never matched or booked, sign-in stopped; applicant: joined by invite, never matched or offered until HR approves',
      }),
      approvedAt: z.optional(z.string()),
      approvedBy: z.optional(z.string()),
      disabledAt: z.optional(z.string()),
      disabledReason: z.optional(z.string()),
    }),
    { id: 'Clinician' },
  ),
);
export type ClinicianRecord = z.output<typeof ClinicianRecord>;
