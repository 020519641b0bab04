import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import { CLINICIAN_SELF_FIELDS } from '../domain/clinician-fields';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { distanceKm } from '../domain/geo';
import { stampRecordedChecks } from '../domain/recorded-checks';
import { type Booking, type Clinician, type OutboxMessage, ROLES } from '../domain/types';
import { logger } from '../logger';
import { phoneVerify } from '../notify/messages';
import { phoneVerifyMessage, signInElsewhereMessage } from '../notify/templates';
import type { CreateClinicianBody, UpdateClinicianBody } from '../schemas/clinician';
import { organisationName } from '../store/organisations';
import type { Page, PageRequest } from '../store/page';
import { signInRecords } from '../users/sign-in-check';
import { found } from './access';
import { releaseOffer } from './offers';

/** The text asking a new or changed number to prove itself. */
export async function verifyText(
  c: Clinician,
  deps: Pick<Deps, 'db' | 'table' | 'clock' | 'newId'>,
): Promise<OutboxMessage> {
  const now = deps.clock.now();
  const name = await organisationName(deps.db, deps.table, c.orgId);
  return phoneVerify(
    { orgId: c.orgId, id: deps.newId(), createdAt: now.toISOString() },
    c.phone,
    phoneVerifyMessage({ organisationName: name }),
  );
}

async function assertPracticesExist(
  caller: Caller,
  ids: readonly string[],
  field: string,
  deps: Pick<Deps, 'practices'>,
) {
  if (!ids.length) return;
  const known = new Set((await deps.practices.list(caller.orgId)).map((p) => p.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new ValidationError('Unknown practices', [
      { path: `body.${field}`, message: `no practice ${unknown.join(', ')} in this organisation` },
    ]);
  }
}

const sameOrgSignIn = () =>
  new ConflictError('ALREADY_EXISTS', 'This email address already has a sign-in; use another', [
    { path: 'body.email', message: 'already has a sign-in' },
  ]);

/**
 * Adds a clinician to the bank and gives them a sign-in.
 *
 * A sign-in is one per email address across every organisation (Cognito's
 * username is the address). When the address already signs in to another
 * organisation the admin is told nothing of it: the reply is the same 201 as
 * for a fresh address, the clinician joins the bank (offers by text and
 * email), and the address itself is emailed that it cannot sign in here and
 * why. Only an address of the admin's own organisation answers 409.
 */
export async function createClinician(
  caller: Caller,
  body: CreateClinicianBody,
  deps: Pick<Deps, 'db' | 'table' | 'clock' | 'newId' | 'practices' | 'clinicians' | 'outbox' | 'users'>,
): Promise<Clinician> {
  await assertPracticesExist(
    caller,
    [...body.preferredPracticeIds, ...body.blockedPracticeIds],
    'preferredPracticeIds',
    deps,
  );
  const existing = await deps.users.get(body.email);
  if (existing?.orgId === caller.orgId) throw sameOrgSignIn();
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
  const recorded = stampRecordedChecks(undefined, clinician, { at: now, userId: caller.userId });
  if (recorded) clinician.complianceRecorded = recorded;
  await deps.clinicians.create(clinician);
  if (existing) await tellSignInElsewhere(clinician, deps);
  else await createSignIn(caller, clinician, deps);
  // Asked only once the clinician is sure to stay: a clinician taken back for want of a sign-in is texted nothing.
  // Should this put fail, a bare YES from the number still proves it.
  await deps.outbox.put(await verifyText(clinician, deps), deps.clock.now().getTime());
  return clinician;
}

/** A new sign-in for the clinician, of their organisation. */
export const signInOf = (clinician: Clinician, deps: Pick<Deps, 'newId'>) => ({
  id: deps.newId(),
  email: clinician.email,
  name: clinician.name,
  role: 'clinician' as const,
  orgId: clinician.orgId,
  clinicianId: clinician.id,
});

/** The clinician's sign-in; without one they are taken back out of the bank, unless the address signs in elsewhere. */
async function createSignIn(
  caller: Caller,
  clinician: Clinician,
  deps: Pick<Deps, 'db' | 'table' | 'clock' | 'newId' | 'clinicians' | 'outbox' | 'users'>,
): Promise<void> {
  try {
    await deps.users.create(signInOf(clinician, deps));
  } catch (error) {
    if (error instanceof ConflictError) {
      // Made since we looked (or, in AWS, a Cognito user with no record yet): unless it is this organisation's,
      // the answer must not differ from a fresh address's.
      const owner = await deps.users.get(clinician.email);
      if (owner?.orgId !== caller.orgId) return tellSignInElsewhere(clinician, deps);
    }
    // A clinician without a sign-in would sit in the bank unable to book, and block a retry with their email.
    await deps.clinicians.discard(clinician).catch((discardError: Error) => {
      // Changed since it was made (say, a STOP text from the number): that change is not ours to throw away,
      // and the admin still needs the reason the sign-in failed, not a 500.
      logger.error('Could not take back a clinician without a sign-in', {
        clinicianId: clinician.id,
        error: discardError,
      });
    });
    if (error instanceof ConflictError) throw sameOrgSignIn();
    throw error;
  }
}

/** The email to the address (once per clinician: its outbox id is the clinician's). */
export async function tellSignInElsewhere(
  clinician: Clinician,
  deps: Pick<Deps, 'db' | 'table' | 'clock' | 'outbox'>,
): Promise<void> {
  const name = (await organisationName(deps.db, deps.table, clinician.orgId)) ?? 'A GP practice group';
  const text = signInElsewhereMessage({ organisationName: name });
  const now = deps.clock.now();
  const message: OutboxMessage = {
    orgId: clinician.orgId,
    id: `sign-in-elsewhere-${clinician.id}`,
    createdAt: now.toISOString(),
    kind: 'sign-in-elsewhere',
    channel: 'email',
    to: clinician.email,
    subject: text.subject,
    body: text.email,
  };
  await deps.outbox.putOnce(message, now.getTime());
  logger.info('Clinician added without a sign-in of this organisation', { clinicianId: clinician.id });
}

export async function getClinician(caller: Caller, id: string, deps: Pick<Deps, 'clinicians'>) {
  const clinician = found(await deps.clinicians.get(caller.orgId, id), caller, 'clinician', id);
  if (caller.role === 'clinician' && caller.clinicianId !== id) {
    throw new ForbiddenError('A clinician may read only their own record');
  }
  return clinician;
}

export async function updateClinician(
  caller: Caller,
  id: string,
  body: UpdateClinicianBody,
  deps: Pick<Deps, 'db' | 'table' | 'clock' | 'newId' | 'practices' | 'clinicians'>,
) {
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
  const recorded = stampRecordedChecks(before, after, { at: after.updatedAt, userId: caller.userId });
  if (recorded) after.complianceRecorded = recorded;
  else delete after.complianceRecorded;
  const phoneChanged = after.phone !== before.phone;
  if (phoneChanged) after.phoneVerified = false;
  // In the profile's own transaction: a changed number is never stored without being asked to prove itself.
  await deps.clinicians.update(before, after, phoneChanged ? [await verifyText(after, deps)] : []);
  return after;
}

export async function listClinicians(
  caller: Caller,
  filter: { role?: string; skill?: string; near?: string; q?: string },
  page: PageRequest,
  deps: Pick<Deps, 'practices' | 'clinicians'>,
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
      if (!c.home || distanceKm(c.home, practice) > c.maxTravelKm) continue;
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

/**
 * A clinician leaves the bank. In this order, each step safe to repeat, so an
 * admin who saw an error simply asks again: their sign-in stops (the record
 * at once for this container, every container within the cache's minute, and
 * Cognito's user disabled with its refresh tokens revoked); the profile and
 * diary move together (no accept can land after, see
 * `ClinicianRepository.disable`) and the location index drops them (never
 * matched again); their live offers are withdrawn, which tells them nothing.
 * Their future bookings stay booked and are answered for the admin to
 * re-offer (cancelling one reopens its shift).
 */
export async function disableClinician(
  caller: Caller,
  id: string,
  reason: string,
  deps: Pick<Deps, 'clock' | 'newId' | 'clinicians' | 'offers' | 'bookings' | 'users'>,
): Promise<{ clinician: Clinician; bookings: Booking[] }> {
  const before = found(await deps.clinicians.get(caller.orgId, id), caller, 'clinician', id);
  const now = deps.clock.now().toISOString();

  const signIn = await deps.users.ofClinician(caller.orgId, id);
  if (signIn) {
    await deps.users.disable(signIn.email, now);
    signInRecords.forget(signIn.email);
  }

  let clinician: Clinician = before;
  if (before.status !== 'disabled') {
    clinician = { ...before, status: 'disabled', disabledAt: now, disabledReason: reason, updatedAt: now };
    delete (clinician as { version?: number }).version;
    await deps.clinicians.disable(before, clinician);
  }

  for (const offer of await deps.offers.liveOf(caller.orgId, id)) {
    await releaseOffer(offer, 'withdrawn', caller.userId, deps).catch((error: unknown) => {
      // Accepted, declined or expired meanwhile: it is no longer live either way.
      if (!(error instanceof ConflictError)) throw error;
    });
  }

  const bookings: Booking[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.bookings.list(caller.orgId, { clinicianId: id }, { from: now }, { limit: 200, cursor });
    bookings.push(...page.items.filter((b) => b.status === 'confirmed'));
    cursor = page.nextCursor;
  } while (cursor);
  logger.info('Clinician disabled', { clinicianId: id, futureBookings: bookings.length, signIn: Boolean(signIn) });
  return { clinician, bookings };
}
