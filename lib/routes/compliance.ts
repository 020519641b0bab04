import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { ListQuerySchema } from '../schemas/common';
import { AtRiskQuery, AtRiskRecord, PracticeRequirementsBody } from '../schemas/compliance';
import { declared } from '../schemas/declared';
import { PracticeRecord } from '../schemas/practice';
import { page } from './shared';

export const setPracticeRequirements = /* @__PURE__ */ declared(() =>
  defineRoute<typeof setPracticeRequirementsReplies>()({
    method: 'PUT',
    path: '/practices/{id}/requirements',
    handler: 'http/set-practice-requirements',
    access: ['admin'],
    summary: "Set the document types a practice requires of everyone working there, beyond each clinician's own",
    description:
      'Replaces the list whole. A clinician without a verified, unexpired document of each type is excluded from ' +
      "the practice's shifts with `COMPLIANCE`, the types named in `details`.",
    tags: ['Compliance'],
    body: PracticeRequirementsBody,
  }),
);

export const setPracticeRequirementsReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ practice: PracticeRecord }),
}));

export const listComplianceAtRisk = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listComplianceAtRiskReplies>()({
    method: 'GET',
    path: '/compliance/at-risk',
    handler: 'http/list-compliance-at-risk',
    access: ['admin', 'hr', 'manager'],
    summary: 'Required documents lapsing within `days` (default 30), and lapsed ones a booking still falls after',
    description:
      'One entry per clinician and document type, soonest first (then by name), with the confirmed bookings that ' +
      'fall after the lapse. A manager sees only entries with a booking at a practice they run, and only those ' +
      'bookings. A cursor pages on only with the `days` it was given with.',
    tags: ['Compliance'],
    query: z.extend(AtRiskQuery, ListQuerySchema.shape),
  }),
);

export const listComplianceAtRiskReplies = /* @__PURE__ */ declared(() => ({ 200: page('atRisk', AtRiskRecord) }));
