/**
 * Fields a clinician may change on their own record; the rest are the bank's.
 * Here rather than beside the schemas so that the use cases reading it do not
 * carry every clinician schema (zod and libphonenumber) into handlers that
 * validate nothing, such as GET /clinicians/{id}.
 */
export const CLINICIAN_SELF_FIELDS = [
  'availability',
  'preferredPracticeIds',
  'phone',
  'notify',
  'home',
  'maxTravelKm',
] as const;
