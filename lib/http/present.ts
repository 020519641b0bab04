import { bookableUntil } from '../domain/eligibility';
import { toLocal } from '../domain/time';
import type { Clinician, PayrollExport, Practice, Shift } from '../domain/types';

/** The shapes the contract promises; storage details stay behind. */
export function presentShift(shift: Shift) {
  const { postedBy: _postedBy, ...rest } = shift;
  return { ...rest, localStart: toLocal(shift.start), localEnd: toLocal(shift.end) };
}

export function presentClinician(c: Clinician & { version?: number }) {
  // Time off has its own route (GET /clinicians/{id}/time-off), which a manager cannot read.
  const { version: _version, timeOff: _timeOff, ...rest } = c;
  // Absent for clinicians from before numbers were proved: they count as proved.
  return { ...rest, phoneVerified: c.phoneVerified !== false, bookableUntil: bookableUntil(c) };
}

export function presentPractice(p: Practice) {
  return p;
}

/** Where the file is kept is the store's business. */
export function presentExport(e: PayrollExport) {
  const { orgId: _orgId, fileKey: _fileKey, ...rest } = e;
  return rest;
}
