import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { ClinicianRecord } from '../schemas/clinician-record';
import { ListQuerySchema } from '../schemas/common';
import { declared } from '../schemas/declared';
import {
  AcceptedInvite,
  AcceptInviteBody,
  CreateInviteBody,
  InviteCreated,
  InviteRecord,
  InviteView,
} from '../schemas/invites';
import { page } from './shared';

export const createInvite = /* @__PURE__ */ declared(() =>
  defineRoute<typeof createInviteReplies>()({
    method: 'POST',
    path: '/invites',
    handler: 'http/create-invite',
    access: ['admin', 'hr'],
    needs: ['webOrigin'],
    summary: 'Invite someone to join the bank: an email with a single-use link, valid 7 days',
    description:
      'The link ends in a 256-bit token, stored only as its hash. 409 ALREADY_EXISTS when the address is already a clinician or a sign-in of this organisation.',
    tags: ['Joining'],
    body: CreateInviteBody,
    errors: [409],
  }),
);

export const createInviteReplies = /* @__PURE__ */ declared(() => ({ 201: z.object({ invite: InviteCreated }) }));

export const listInvites = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listInvitesReplies>()({
    method: 'GET',
    path: '/invites',
    handler: 'http/list-invites',
    access: ['admin', 'hr'],
    summary: "The organisation's invitations, newest first",
    tags: ['Joining'],
    query: ListQuerySchema,
  }),
);

export const listInvitesReplies = /* @__PURE__ */ declared(() => ({ 200: page('invites', InviteRecord) }));

// Public by design: the token in the path is the credential; whoever holds the link was sent it.
export const getInvite = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getInviteReplies>()({
    method: 'GET',
    path: '/invites/{token}',
    handler: 'http/get-invite',
    access: 'public',
    // Each opening counts against the caller's per-minute limit (an UpdateItem): see throttle() in use-cases/invites.
    writesTable: true,
    summary: 'What an invitation link is for, before accepting it',
    description: 'No bearer token. 404 for an unknown, used or expired link alike.',
    tags: ['Joining'],
  }),
);

export const getInviteReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ invite: InviteView }) }));

export const acceptInvite = /* @__PURE__ */ declared(() =>
  defineRoute<typeof acceptInviteReplies>()({
    method: 'POST',
    path: '/invites/{token}/accept',
    handler: 'http/accept-invite',
    access: 'public',
    needs: ['userPool'],
    summary: 'Accept an invitation: an applicant clinician and their sign-in (the link then stops working)',
    description:
      'No bearer token. The applicant may sign in, edit their profile, upload documents and confirm their phone; they are never matched or offered until HR approves them. 404 for an unknown, used or expired link alike; 409 when the phone number or address is already in use.',
    tags: ['Joining'],
    body: AcceptInviteBody,
    errors: [409],
  }),
);

export const acceptInviteReplies = /* @__PURE__ */ declared(() => ({ 201: AcceptedInvite }));

export const approveClinician = /* @__PURE__ */ declared(() =>
  defineRoute<typeof approveClinicianReplies>()({
    method: 'POST',
    path: '/clinicians/{id}/approve',
    handler: 'http/approve-clinician',
    access: ['admin', 'hr'],
    summary: 'Approve an applicant into the bank: from now on they are matched and offered work',
    description: '409 INVALID_STATE for a clinician who is not an applicant.',
    tags: ['Joining'],
    errors: [409],
  }),
);

export const approveClinicianReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ clinician: ClinicianRecord }),
}));

export const getEvidencePack = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getEvidencePackReplies>()({
    method: 'GET',
    path: '/clinicians/{id}/evidence-pack',
    handler: 'http/get-evidence-pack',
    access: ['admin', 'hr', 'manager'],
    summary: "A clinician's evidence pack for a CQC inspector: every required check, its dates, the verifier and when",
    description: 'A manager may have it only for a clinician with a booking at one of their practices.',
    tags: ['Documents'],
  }),
);

export const getEvidencePackReplies = /* @__PURE__ */ declared(() => ({
  200: { type: 'application/pdf', description: 'The evidence pack, A4' },
}));
