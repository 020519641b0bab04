import * as z from 'zod';
import { CreateClinicianBody } from './clinician';
import { ClinicianRecord } from './clinician-record';
import { Id, RoleSchema } from './common';
import { declared } from './declared';
import { PhoneSchema } from './phone';

export const CreateInviteBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      email: z.email('must be an email address, like name@example.nhs.uk').max(254).toLowerCase(),
      phone: PhoneSchema.optional(),
      roles: z
        .array(RoleSchema)
        .min(1, 'choose at least one role')
        .max(9)
        .refine((xs) => new Set(xs).size === xs.length, 'must not repeat an entry'),
    })
    .strict()
    .meta({
      id: 'CreateInvite',
      examples: [{ email: 'new.locum@example.nhs.uk', phone: '07700 900456', roles: ['practice-nurse'] }],
    }),
);
export type CreateInviteBody = z.infer<typeof CreateInviteBody>;

export const InviteCreated = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      url: z.string().meta({ description: "The link the applicant opens; it ends in the invitation's token" }),
      expiresAt: z.string(),
    })
    .meta({ id: 'InviteCreated' }),
);

export const InviteRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      email: z.string(),
      phone: z.string().optional(),
      roles: z.array(RoleSchema),
      status: z.enum(['pending', 'accepted', 'expired']).meta({
        description: 'pending: the link works until expiresAt; accepted: used, see clinicianId; expired: never used',
      }),
      createdAt: z.string(),
      createdBy: z.string(),
      expiresAt: z.string(),
      acceptedAt: z.string().optional(),
      clinicianId: Id.optional(),
    })
    .meta({ id: 'Invite' }),
);
export type InviteRecord = z.output<typeof InviteRecord>;

/** What the link's holder may see before accepting: nothing they were not sent. */
export const InviteView = /* @__PURE__ */ declared(() =>
  z
    .object({
      email: z.string(),
      phone: z.string().optional(),
      roles: z.array(RoleSchema),
      organisationName: z.string(),
      expiresAt: z.string(),
    })
    .meta({ id: 'InviteView' }),
);

const password = /* @__PURE__ */ declared(() =>
  z
    .string()
    .min(12, 'must be at least 12 characters')
    .max(256)
    .refine(
      (p) => /[a-z]/.test(p) && /[A-Z]/.test(p) && /\d/.test(p) && /[^A-Za-z0-9]/.test(p),
      'must mix lower and upper case letters, digits and a symbol',
    )
    .meta({
      description: 'The sign-in password (in AWS; the local runtime has none). Without it, a temporary one is emailed',
    }),
);

export const AcceptInviteBody = /* @__PURE__ */ declared(() =>
  CreateClinicianBody.pick({
    name: true,
    phone: true,
    home: true,
    maxTravelKm: true,
    skills: true,
    registration: true,
    employment: true,
    pension: true,
    availability: true,
    maxWeeklyHours: true,
    notify: true,
  })
    .extend({ password: password.optional() })
    .strict()
    .meta({
      id: 'AcceptInvite',
      examples: [
        {
          name: 'Sam Okafor',
          password: 'Correct-Horse-42',
          phone: '07700 900456',
          home: { lat: 50.94, lon: -2.63, postcode: 'BA21 4AA' },
          maxTravelKm: 20,
          skills: ['cervical-screening'],
        },
      ],
    }),
);
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;

export const AcceptedInvite = /* @__PURE__ */ declared(() =>
  z.object({
    clinician: ClinicianRecord,
    signIn: z.object({ email: z.string() }).meta({ description: 'The address to sign in with: the invited one' }),
  }),
);
