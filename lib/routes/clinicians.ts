import * as z from 'zod';
import { defineRoute } from '../http/route';
import { ClinicianRecord, ListCliniciansQuery } from '../schemas/clinician-record';
import { ListQuerySchema } from '../schemas/common';
import { page } from './shared';

export const listClinicians = defineRoute({
  method: 'GET',
  path: '/clinicians',
  handler: 'http/list-clinicians',
  access: ['admin', 'manager'],
  summary: 'The bank, a page at a time',
  tags: ['Clinicians'],
  query: ListCliniciansQuery.extend(ListQuerySchema.shape),
  replies: { 200: page('clinicians', ClinicianRecord) },
  // `near` names a practice, which may be another organisation's.
  errors: [404],
});

export const getClinician = defineRoute({
  method: 'GET',
  path: '/clinicians/{id}',
  handler: 'http/get-clinician',
  access: ['admin', 'manager', 'clinician'],
  summary: 'A clinician (a clinician reads only their own)',
  tags: ['Clinicians'],
  replies: { 200: z.object({ clinician: ClinicianRecord }) },
});
