/**
 * What someone probing an email address can compare between two answers that
 * made a clinician: the status, the shape, and every field but the new
 * record's own id, times, address and number. Two answers that differ here
 * tell the prober something (issue 12.6).
 */
export function comparableClinicianReply(reply: { status: number; body?: { clinician?: Record<string, unknown> } }) {
  return {
    status: reply.status,
    keys: Object.keys(reply.body ?? {}).sort(),
    clinicianKeys: Object.keys(reply.body?.clinician ?? {}).sort(),
    clinician: {
      ...reply.body?.clinician,
      id: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      email: undefined,
      phone: undefined,
    },
  };
}
