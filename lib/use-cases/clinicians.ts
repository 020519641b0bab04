import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../deps';
import { CLINICIAN_SELF_FIELDS } from '../domain/clinician-fields';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { distanceKm } from '../domain/geo';
import { type Clinician, ROLES } from '../domain/types';
import type { Caller } from '../http/caller';
import { logger } from '../logger';
import { phoneVerify } from '../notify/messages';
import { phoneVerifyMessage } from '../notify/templates';
import type { CreateClinicianBody, UpdateClinicianBody } from '../schemas/clinician';
import { organisationName } from '../store/organisations';
import { outboxItem } from '../store/outbox';
import type { Page, PageRequest } from '../store/page';
import { found } from './access';

/** The text asking a new or changed number to prove itself, as the put of its outbox record. */
async function verifyTextItem(c: Clinician, deps: Deps) {
  const now = deps.clock.now();
  const name = await organisationName(deps.db, deps.table, c.orgId);
  const message = phoneVerify(
    { orgId: c.orgId, id: deps.newId(), createdAt: now.toISOString() },
    c.phone,
    phoneVerifyMessage({ organisationName: name }),
  );
  return { TableName: deps.table, Item: outboxItem(message, now.getTime()) };
}

async function assertPracticesExist(caller: Caller, ids: readonly string[], field: string, deps: Deps) {
  if (!ids.length) return;
  const known = new Set((await deps.practices.list(caller.orgId)).map((p) => p.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new ValidationError('Unknown practices', [
      { path: `body.${field}`, message: `no practice ${unknown.join(', ')} in this organisation` },
    ]);
  }
}

/** Adds a clinician to the bank and gives them a sign-in. */
export async function createClinician(caller: Caller, body: CreateClinicianBody, deps: Deps): Promise<Clinician> {
  await assertPracticesExist(
    caller,
    [...body.preferredPracticeIds, ...body.blockedPracticeIds],
    'preferredPracticeIds',
    deps,
  );
  const now = deps.clock.now().toISOString();
  const clinician: Clinician = {
    ...body,
    orgId: caller.orgId,
    id: deps.newId(),
    lateCancellations: 0,
    completedShifts: 0,
    createdAt: now,
    updatedAt: now,
    phoneVerified: false,
  };
  await deps.clinicians.create(clinician);
  try {
    await deps.users.create({
      id: deps.newId(),
      email: clinician.email,
      name: clinician.name,
      role: 'clinician',
      orgId: clinician.orgId,
      clinicianId: clinician.id,
    });
  } catch (error) {
    // A clinician without a sign-in would sit in the bank unable to book, and block a retry with their email.
    await deps.clinicians.discard(clinician).catch((discardError: Error) => {
      // Changed since it was made (say, a STOP text from the number): that change is not ours to throw away,
      // and the admin still needs the reason the sign-in failed, not a 500.
      logger.error('Could not take back a clinician without a sign-in', {
        clinicianId: clinician.id,
        error: discardError,
      });
    });
    if (error instanceof ConflictError) {
      throw new ConflictError('ALREADY_EXISTS', 'This email address already has a sign-in; use another', [
        { path: 'body.email', message: 'already has a sign-in' },
      ]);
    }
    throw error;
  }
  // Asked only once the clinician is sure to stay: a clinician taken back for want of a sign-in is texted nothing.
  // Should this put fail, a bare YES from the number still proves it.
  await deps.db.send(new PutCommand(await verifyTextItem(clinician, deps)));
  return clinician;
}

export async function getClinician(caller: Caller, id: string, deps: Deps) {
  const clinician = found(await deps.clinicians.get(caller.orgId, id), caller, 'clinician', id);
  if (caller.role === 'clinician' && caller.clinicianId !== id) {
    throw new ForbiddenError('A clinician may read only their own record');
  }
  return clinician;
}

export async function updateClinician(caller: Caller, id: string, body: UpdateClinicianBody, deps: Deps) {
  const before = found(await deps.clinicians.get(caller.orgId, id), caller, 'clinician', id);
  if (caller.role === 'clinician') {
    if (caller.clinicianId !== id) throw new ForbiddenError('A clinician may change only their own record');
    const allowed = new Set<string>(CLINICIAN_SELF_FIELDS);
    const refused = Object.keys(body).filter((k) => !allowed.has(k));
    if (refused.length) {
      throw new ForbiddenError(
        'Only the bank may change these fields',
        refused.map((f) => ({ path: `body.${f}` })),
      );
    }
  }
  await assertPracticesExist(
    caller,
    [...(body.preferredPracticeIds ?? []), ...(body.blockedPracticeIds ?? [])],
    'preferredPracticeIds',
    deps,
  );
  const { availability, ...rest } = body;
  const after: Clinician = {
    ...before,
    ...rest,
    ...(availability === null ? { availability: undefined } : availability ? { availability } : {}),
    updatedAt: deps.clock.now().toISOString(),
  };
  delete (after as { version?: number }).version;
  const phoneChanged = after.phone !== before.phone;
  if (phoneChanged) after.phoneVerified = false;
  // In the profile's own transaction: a changed number is never stored without being asked to prove itself.
  await deps.clinicians.update(before, after, phoneChanged ? [{ Put: await verifyTextItem(after, deps) }] : []);
  return after;
}

export async function listClinicians(
  caller: Caller,
  filter: { role?: string; skill?: string; near?: string; q?: string },
  page: PageRequest,
  deps: Deps,
): Promise<Page<Clinician>> {
  if (!filter.near) return deps.clinicians.list(caller.orgId, filter, page);
  // Near a practice: the location index answers for each role, then exact distances and the other filters.
  const practice = await deps.practices.get(caller.orgId, filter.near);
  if (!practice) throw new NotFoundError(`No practice ${filter.near}`);
  const roles = filter.role ? [filter.role] : ROLES;
  const seen = new Map<string, string>();
  for (const role of roles) {
    const { clinicians } = await deps.clinicians.inCell(caller.orgId, role, practice);
    for (const c of clinicians) {
      if (distanceKm(c.home, practice) > c.maxTravelKm) continue;
      if (filter.skill && !c.skills.includes(filter.skill)) continue;
      if (filter.q && !c.name.toLowerCase().includes(filter.q.toLowerCase())) continue;
      seen.set(c.id, c.name);
    }
  }
  const ids = [...seen.entries()]
    .sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]))
    .map(([id]) => id);
  const offset = page.cursor ? Number.parseInt(Buffer.from(page.cursor, 'base64url').toString(), 10) : 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ValidationError('The cursor is not valid', [
      { path: 'query.cursor', message: 'is not a cursor this list gave out' },
    ]);
  }
  const slice = ids.slice(offset, offset + page.limit);
  const items = await deps.clinicians.getMany(caller.orgId, slice);
  const next =
    offset + page.limit < ids.length ? Buffer.from(String(offset + page.limit)).toString('base64url') : undefined;
  return { items, nextCursor: next };
}
