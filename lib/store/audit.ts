import * as keys from './keys';

/** A line of a shift's audit trail, kept under the shift so the shift's page reads it in one query. */
export function auditItem(
  orgId: string,
  shiftId: string,
  entry: { id: string; at: string; actor: string; action: string; detail?: Record<string, unknown> },
) {
  return { ...keys.audit(orgId, shiftId, entry.at, entry.id), type: 'AUDIT', orgId, shiftId, ...entry };
}
