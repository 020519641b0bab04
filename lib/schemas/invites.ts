import * as z from 'zod/mini';
import { CreateClinicianBody } from './clinician';
import { ClinicianRecord, HomeSchema } from './clinician-record';
import { Id, RoleSchema } from './common';
import { declared } from './declared';
import { withMeta } from './meta';
import { PhoneSchema } from './phone';

export const CreateInviteBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      email: z.email('must be an email address, like name@example.nhs.uk').check(z.maxLength(254), z.toLowerCase()),
      phone: z.optional(PhoneSchema),
      roles: z.array(RoleSchema).check(
        z.minLength(1, 'choose at least one role'),
        z.maxLength(9),
        z.refine((xs) => new Set(xs).size === xs.length, 'must not repeat an entry'),
      ),
    }),
    {
      id: 'CreateInvite',
      examples: [{ email: 'new.locum@example.nhs.uk', phone: '07700 900456', roles: ['practice-nurse'] }],
    },
  ),
);
export type CreateInviteBody = z.infer<typeof CreateInviteBody>;

export const InviteCreated = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      url: withMeta(z.string(), { description: "The link the applicant opens; it ends in the invitation's token" }),
      expiresAt: z.string(),
    }),
    { id: 'InviteCreated' },
  ),
);

export const InviteRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      email: z.string(),
      phone: z.optional(z.string()),
      roles: z.array(RoleSchema),
      status: withMeta(z.enum(['pending', 'accepted', 'expired']), {
        description: 'pending: the link works until expiresAt; accepted: used, see clinicianId; expired: never used',
      }),
      createdAt: z.string(),
      createdBy: z.string(),
      expiresAt: z.string(),
      acceptedAt: z.optional(z.string()),
      clinicianId: z.optional(Id),
    }),
    { id: 'Invite' },
  ),
);
export type InviteRecord = z.output<typeof InviteRecord>;

/** What the link's holder may see before accepting: nothing they were not sent. */
export const InviteView = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      email: z.string(),
      phone: z.optional(z.string()),
      roles: z.array(RoleSchema),
      organisationName: z.string(),
      expiresAt: z.string(),
    }),
    { id: 'InviteView' },
  ),
);

const password = /* @__PURE__ */ declared(() =>
  withMeta(
    z.string().check(
      z.minLength(12, 'must be at least 12 characters'),
      z.maxLength(256),
      z.refine(
        (p) => /[a-z]/.test(p) && /[A-Z]/.test(p) && /\d/.test(p) && /[^A-Za-z0-9]/.test(p),
        'must mix lower and upper case letters, digits and a symbol',
      ),
    ),
    {
      description: 'The sign-in password (in AWS; the local runtime has none). Without it, a temporary one is emailed',
    },
  ),
);

export const AcceptInviteBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject(
      z.extend(
        z.pick(CreateClinicianBody, {
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
        }),
        {
          password: z.optional(password),
          // API.md names {name, phone} alone: a home may come later, on the profile, before HR approves them.
          home: z.optional(HomeSchema),
        },
      ).shape,
    ),
    {
      id: 'AcceptInvite',
      description:
        "The applicant's profile. A `registration` given here is shown to HR and in the evidence pack, but counts as a check only once HR verifies a `registration` document",
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
    },
  ),
);
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;

export const AcceptedInvite = /* @__PURE__ */ declared(() =>
  z.object({
    clinician: ClinicianRecord,
    signIn: withMeta(z.object({ email: z.string() }), { description: 'The address to sign in with: the invited one' }),
  }),
);
