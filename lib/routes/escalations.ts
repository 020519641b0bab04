import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { ListQuerySchema } from '../schemas/common';
import { declared } from '../schemas/declared';
import {
  CascadePreviewRecord,
  DecisionBody,
  EscalationRecord,
  ListEscalationsQuery,
  RaiseRateBody,
  UpdatePracticeBody,
} from '../schemas/escalation';
import { PracticeRecord } from '../schemas/practice';
import { CreateShiftBody, ShiftRecord } from '../schemas/shift';
import { page } from './shared';

export const updatePractice = /* @__PURE__ */ declared(() =>
  defineRoute<typeof updatePracticeReplies>()({
    method: 'PATCH',
    path: '/practices/{id}',
    handler: 'http/update-practice',
    access: ['admin'],
    summary:
      "Change a practice: any field it was created with, and its rate caps per role (409 ALREADY_EXISTS for another practice's ODS code)",
    description:
      '`maxHourlyRatePence` is replaced whole: a role left out has no cap, and a manager may then set any rate for it.',
    tags: ['Practices'],
    body: UpdatePracticeBody,
    errors: [409],
  }),
);

export const updatePracticeReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ practice: PracticeRecord }) }));

export const previewShift = /* @__PURE__ */ declared(() =>
  defineRoute<typeof previewShiftReplies>()({
    method: 'POST',
    path: '/shifts/preview',
    handler: 'http/preview-shift',
    access: ['admin', 'manager'],
    summary: 'What posting this shift would do, writing nothing: each wave of offers, when it goes and to whom',
    description:
      'The body is that of POST /shifts. With any preferred clinician eligible the first wave is the preferred alone; later waves take the next 10 best; cascadeMinutes 0 offers everyone at once. A wave that would fall at or after the start never goes (counted in `unreached`).',
    tags: ['Shifts'],
    body: CreateShiftBody,
    // The body's practice may be another organisation's.
    errors: [404],
  }),
);

export const previewShiftReplies = /* @__PURE__ */ declared(() => ({ 200: CascadePreviewRecord }));

export const raiseShiftRate = /* @__PURE__ */ declared(() =>
  defineRoute<typeof raiseShiftRateReplies>()({
    method: 'POST',
    path: '/shifts/{id}/rate',
    handler: 'http/raise-shift-rate',
    access: ['admin', 'manager'],
    summary:
      "Raise an open shift's rate: within the practice's cap it applies (200) and live offerees are texted; above it a manager's raise waits for an admin (202)",
    description:
      "409 INVALID_STATE when the shift is not open, has started, or already has a raise waiting (details.escalationId). An admin's own raise applies whatever the cap.",
    tags: ['Shifts'],
    body: RaiseRateBody,
    errors: [409],
  }),
);

export const raiseShiftRateReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ shift: ShiftRecord }),
  202: z.object({ escalation: EscalationRecord }),
}));

export const listEscalations = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listEscalationsReplies>()({
    method: 'GET',
    path: '/escalations',
    handler: 'http/list-escalations',
    access: ['admin', 'manager'],
    summary: "Rate raises above a cap, newest first: an admin sees the organisation's, a manager their practices'",
    tags: ['Escalations'],
    query: z.extend(ListEscalationsQuery, ListQuerySchema.shape),
  }),
);

export const listEscalationsReplies = /* @__PURE__ */ declared(() => ({ 200: page('escalations', EscalationRecord) }));

export const approveEscalation = /* @__PURE__ */ declared(() =>
  defineRoute<typeof approveEscalationReplies>()({
    method: 'POST',
    path: '/escalations/{id}/approve',
    handler: 'http/approve-escalation',
    access: ['admin'],
    summary:
      'Approve a pending raise: the rate applies and live offerees are texted (409 INVALID_STATE once rejected or the shift is no longer open)',
    tags: ['Escalations'],
    body: DecisionBody,
    errors: [409],
  }),
);

export const approveEscalationReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ escalation: EscalationRecord }),
}));

export const rejectEscalation = /* @__PURE__ */ declared(() =>
  defineRoute<typeof rejectEscalationReplies>()({
    method: 'POST',
    path: '/escalations/{id}/reject',
    handler: 'http/reject-escalation',
    access: ['admin'],
    summary: 'Reject a pending raise: the rate stays (409 INVALID_STATE once approved)',
    tags: ['Escalations'],
    body: DecisionBody,
    errors: [409],
  }),
);

export const rejectEscalationReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ escalation: EscalationRecord }),
}));
