import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { CreateClinicianBody, UpdateClinicianBody } from '../schemas/clinician';
import { ClinicianRecord } from '../schemas/clinician-record';
import { declared } from '../schemas/declared';

// Apart from the reading routes: these bodies parse phone numbers, and only these handlers should carry libphonenumber.

export const createClinician = /* @__PURE__ */ declared(() =>
  defineRoute<typeof createClinicianReplies>()({
    method: 'POST',
    path: '/clinicians',
    handler: 'http/create-clinician',
    access: ['admin'],
    needs: ['userPool'],
    summary:
      'Add a clinician to the bank and give them a sign-in (409 ALREADY_EXISTS for a known email, PHONE_IN_USE for a number another clinician has)',
    description: 'Their number gets a phone-verify text.',
    tags: ['Clinicians'],
    body: CreateClinicianBody,
    errors: [409],
  }),
);

export const createClinicianReplies = /* @__PURE__ */ declared(() => ({
  201: z.object({ clinician: ClinicianRecord }),
}));

export const updateClinician = /* @__PURE__ */ declared(() =>
  defineRoute<typeof updateClinicianReplies>()({
    method: 'PATCH',
    path: '/clinicians/{id}',
    handler: 'http/update-clinician',
    access: ['admin', 'clinician'],
    summary:
      'Change a clinician (a clinician may change availability, preferences, contact and travel); 409 PHONE_IN_USE',
    description: 'A changed number gets a phone-verify text.',
    tags: ['Clinicians'],
    body: UpdateClinicianBody,
    errors: [409],
  }),
);

export const updateClinicianReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ clinician: ClinicianRecord }),
}));
