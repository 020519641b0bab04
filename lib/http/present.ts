import { bookableUntil } from '../domain/eligibility';
import { toLocal } from '../domain/time';
import type { Clinician, PayrollExport, Practice, Shift, ShiftTemplate } from '../domain/types';

/** The shapes the contract promises; storage details stay behind. */
export function presentShift(shift: Shift) {
  const { postedBy: _postedBy, ...rest } = shift;
  return { ...rest, localStart: toLocal(shift.start), localEnd: toLocal(shift.end) };
}

export function presentClinician(c: Clinician & { version?: number }) {
  const { version: _version, ...rest } = c;
  return { ...rest, bookableUntil: bookableUntil(c) };
}

export function presentPractice(p: Practice) {
  return p;
}

/** Where the file is kept is the store's business. */
export function presentExport(e: PayrollExport) {
  const { orgId: _orgId, fileKey: _fileKey, ...rest } = e;
  return rest;
}

export function presentTemplate(t: ShiftTemplate) {
  const { orgId: _orgId, createdBy: _createdBy, ...rest } = t;
  return rest;
}
