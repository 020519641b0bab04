import { bookableUntil } from '../domain/eligibility';
import { toLocal } from '../domain/time';
import type { Clinician, PayrollExport, Practice, Shift, ShiftTemplate } from '../domain/types';
import type { Caller } from './caller';

/**
 * The shapes the contract promises; storage details stay behind. A clinician
 * reads a shift without the other clinicians on it: the booking only if it is
 * theirs, and never who cancelled it (`excludedClinicianIds`).
 */
export type PresentedShift = Omit<Shift, 'postedBy'> & { localStart: string; localEnd: string };

export function presentShift(shift: Shift, viewer?: Pick<Caller, 'role' | 'clinicianId'>): PresentedShift {
  const { postedBy: _postedBy, ...rest } = shift;
  const shown = { ...rest, localStart: toLocal(shift.start), localEnd: toLocal(shift.end) };
  if (viewer?.role !== 'clinician') return shown;
  const { booking, excludedClinicianIds: _excluded, ...forClinician } = shown;
  return booking && booking.clinicianId === viewer.clinicianId ? { ...forClinician, booking } : forClinician;
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

export function presentTemplate(t: ShiftTemplate) {
  const { orgId: _orgId, createdBy: _createdBy, ...rest } = t;
  return rest;
}
