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
import { declared } from './declared';
import { DocumentTypeSchema } from './documents';

/*
 * What reading clinicians needs, apart from the bodies that change them: those
 * parse phone numbers, and only their routes should carry libphonenumber.
 */

export const HomeSchema = /* @__PURE__ */ declared(() =>
  z.object({
    lat: LatSchema,
    lon: LonSchema,
    postcode: plainText(z.string().trim().toUpperCase().max(10)).optional(),
  }),
);

export const ComplianceSchema = /* @__PURE__ */ declared(() =>
  z.object({
    dbsCheckedOn: DateSchema.optional(),
    trainingExpires: DateSchema.optional(),
    indemnityExpires: DateSchema.optional(),
    rightToWork: z.boolean(),
    rightToWorkExpires: DateSchema.optional(),
  }),
);

/**
 * What a clinician's record says of compliance: v1's fields, now derived
 * from everything on file (a verified document counts as much as a date an
 * admin typed in), and what is required, missing and when each type lapses.
 */
export const ComplianceRecordSchema = /* @__PURE__ */ declared(() =>
  ComplianceSchema.extend({
    required: z
      .array(DocumentTypeSchema)
      .meta({ description: "Document types their roles require (v1's set for a clinician an admin added)" }),
    missing: z.array(DocumentTypeSchema).meta({ description: 'Required types with no verified document (or too few)' }),
    validUntil: z
      .record(z.string(), z.string())
      .meta({ description: 'Per required type that lapses, the first London date it no longer counts' }),
  }),
);

export const RegistrationSchema = /* @__PURE__ */ declared(() =>
  z.object({
    body: z.enum(['GMC', 'NMC', 'HCPC', 'GPhC']),
    number: z
      .string()
      .trim()
      .toUpperCase()
      // Checked after trimming and upper-casing; the pattern says what a client may send.
      .regex(/^\s*[A-Za-z0-9]{6,10}\s*$/, 'must be a registration number'),
    expires: DateSchema.optional(),
  }),
);

export const ListCliniciansQuery = /* @__PURE__ */ declared(() =>
  z.object({
    role: RoleSchema.optional(),
    skill: SkillSchema.optional(),
    near: Id.optional().meta({ description: 'Practice id: clinicians whose travel distance reaches it' }),
    q: plainText(z.string().trim().max(60)).optional(),
  }),
);

export const ClinicianRecord = /* @__PURE__ */ declared(() =>
  z
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
      compliance: ComplianceRecordSchema,
      employment: z.enum(EMPLOYMENTS).meta({
        description: 'bank: a worker paid through payroll (PAYE); self-employed and limited-company invoice instead',
      }),
      pension: z
        .object({ member: z.boolean(), schemeRef: z.string().optional() })
        .optional()
        .meta({ description: 'NHS Pension Scheme membership; schemeRef is a locum GP SD number' }),
      payrollId: z.string().optional(),
      preferredPracticeIds: z.array(z.string()),
      blockedPracticeIds: z.array(z.string()),
      availability: z.array(AvailabilityWindowSchema).optional(),
      maxWeeklyHours: z.number(),
      notify: z.array(z.enum(['sms', 'email'])),
      phoneVerified: z.boolean().meta({
        description: 'False until a bare YES comes from the number; until then offers go by email and in the app only',
      }),
      smsOptedOut: z.boolean().optional().meta({ description: 'Replied STOP to a text; START clears it' }),
      lateCancellations: z.number().int().optional().meta({ description: 'Cancellations within 48 hours of a start' }),
      completedShifts: z.number().int().optional(),
      createdAt: z.string().optional(),
      updatedAt: z.string().optional(),
      bookableUntil: z.string().optional().meta({ description: 'First date on which some compliance item lapses' }),
      status: z.enum(['active', 'disabled', 'applicant']).optional().meta({
        description:
          'Absent means active; disabled: left the bank, never matched or booked, sign-in stopped; applicant: joined by invite, never matched or offered until HR approves',
      }),
      approvedAt: z.string().optional(),
      approvedBy: z.string().optional(),
      disabledAt: z.string().optional(),
      disabledReason: z.string().optional(),
    })
    .meta({ id: 'Clinician' }),
);
export type ClinicianRecord = z.output<typeof ClinicianRecord>;
