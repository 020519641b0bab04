import { createHash, randomBytes } from 'node:crypto';
import { config } from '../config';
import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError, NotFoundError } from '../domain/errors';
import { stampRecordedChecks } from '../domain/recorded-checks';
import { londonFormat } from '../domain/time';
import type { Clinician, OutboxMessage } from '../domain/types';
import { logger } from '../logger';
import { inviteMessage } from '../notify/templates';
import type { AcceptInviteBody, CreateInviteBody, InviteRecord } from '../schemas/invites';
import { type Invite, InviteRepository } from '../store/invites';
import { organisationName } from '../store/organisations';
import type { Page, PageRequest } from '../store/page';
import { hit } from '../store/rate-limit';
import { found } from './access';
import { signInOf, tellSignInElsewhere, verifyText } from './clinicians';

export const INVITE_DAYS = 7;
/** Per source address per minute, across the public invitation routes: enough for a person, not for a scan. */
const PUBLIC_HITS_PER_MINUTE = 30;

/** "Sunday 13 December 2026 at 09:00", London time: when the link stops working, as the email says it. */
const londonDateTime = londonFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** One answer for unknown, used and expired links: the reply tells a guesser nothing. */
const noSuchInvite = () =>
  new NotFoundError('This invitation link is not valid: it may have been used or have expired');

const addressTaken = () =>
  new ConflictError('ALREADY_EXISTS', 'This email address is already in the bank or signs in to it', [
    { path: 'body.email', message: 'already has a clinician or a sign-in here' },
  ]);

/**
 * Invites someone to join the bank: a single-use link whose token (256
 * random bits) is kept only as its hash, valid for {@link INVITE_DAYS} days,
 * emailed through the outbox in the same transaction as the invitation.
 */
export async function createInvite(
  caller: Caller,
  body: CreateInviteBody,
  webOrigin: string,
  deps: Pick<Deps, 'db' | 'table' | 'clock' | 'newId' | 'clinicians' | 'users'>,
): Promise<{ invite: Invite; url: string }> {
  const existing = await deps.users.get(body.email);
  if (existing?.orgId === caller.orgId) throw addressTaken();
  if (await deps.clinicians.hasEmail(caller.orgId, body.email)) throw addressTaken();

  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const invite: Invite = {
    id: deps.newId(),
    orgId: caller.orgId,
    email: body.email,
    ...(body.phone ? { phone: body.phone } : {}),
    roles: body.roles,
    tokenHash: hash(token),
    status: 'pending',
    createdAt: now.toISOString(),
    createdBy: caller.userId,
    expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000).toISOString(),
  };
  const url = `${webOrigin.replace(/\/+$/, '')}/#/join/${token}`;
  const text = inviteMessage({
    organisationName: (await organisationName(deps.db, deps.table, caller.orgId)) ?? 'A GP practice group',
    url,
    expires: londonDateTime().format(new Date(invite.expiresAt)),
  });
  const message: OutboxMessage = {
    orgId: caller.orgId,
    id: `invite-${invite.id}`,
    createdAt: invite.createdAt,
    kind: 'invite',
    channel: 'email',
    to: invite.email,
    subject: text.subject,
    body: text.email,
  };
  await new InviteRepository(deps.db, deps.table).create(invite, message, now.getTime());
  logger.info('Invitation sent', { inviteId: invite.id, roles: invite.roles });
  return { invite, url };
}

export function inviteView(invite: Invite, now: Date): InviteRecord {
  const expired = invite.status !== 'accepted' && Date.parse(invite.expiresAt) <= now.getTime();
  return {
    id: invite.id,
    email: invite.email,
    phone: invite.phone,
    roles: invite.roles,
    status: invite.status === 'accepted' ? 'accepted' : expired ? 'expired' : 'pending',
    createdAt: invite.createdAt,
    createdBy: invite.createdBy,
    expiresAt: invite.expiresAt,
    acceptedAt: invite.acceptedAt,
    clinicianId: invite.status === 'accepted' ? invite.clinicianId : undefined,
  };
}

/** A page of the organisation's invitations, newest first. */
export async function listInvites(
  caller: Caller,
  page: PageRequest,
  deps: Pick<Deps, 'db' | 'table' | 'clock'>,
): Promise<Page<InviteRecord>> {
  const invites = await new InviteRepository(deps.db, deps.table).page(caller.orgId, page);
  const now = deps.clock.now();
  return { items: invites.items.map((i) => inviteView(i, now)), nextCursor: invites.nextCursor };
}

/**
 * Invitation links opened or accepted per source address per minute. The
 * minute is the wall clock's, not `deps.clock`'s: a guard against guessing
 * links counts requests as they arrive, and the local runtime's business clock
 * may be frozen or moved back (`/dev/clock`), which would hold one window open.
 */
async function throttle(sourceIp: string, deps: Pick<Deps, 'db' | 'table'>): Promise<void> {
  await hit(deps.db, deps.table, {
    key: `INVITE#${sourceIp}`,
    limit: config().INVITE_LINK_RATE_PER_MINUTE ?? PUBLIC_HITS_PER_MINUTE,
    windowSeconds: 60,
    now: new Date(),
  });
}

/** The invitation a link opens, while it can still be accepted. */
async function liveInvite(token: string, deps: Pick<Deps, 'db' | 'table' | 'clock'>): Promise<Invite> {
  const invite = await new InviteRepository(deps.db, deps.table).byTokenHash(hash(token));
  if (!invite || invite.status === 'accepted' || Date.parse(invite.expiresAt) <= deps.clock.now().getTime()) {
    throw noSuchInvite();
  }
  return invite;
}

export async function openInvite(token: string, sourceIp: string, deps: Pick<Deps, 'db' | 'table' | 'clock'>) {
  await throttle(sourceIp, deps);
  const invite = await liveInvite(token, deps);
  return {
    email: invite.email,
    phone: invite.phone,
    roles: invite.roles,
    organisationName: (await organisationName(deps.db, deps.table, invite.orgId)) ?? 'A GP practice group',
    expiresAt: invite.expiresAt,
  };
}

/**
 * Accepts an invitation: the link is claimed first (a conditional update,
 * so of two accepts at once exactly one goes on), then the applicant and
 * their sign-in are made. A step that fails gives the claim back, so the
 * applicant can correct their form (a phone number in use, say) and send it
 * again; only a finished accept uses the link up.
 */
export async function acceptInvite(
  token: string,
  body: AcceptInviteBody,
  sourceIp: string,
  deps: Pick<Deps, 'db' | 'table' | 'clock' | 'newId' | 'clinicians' | 'outbox' | 'users'>,
): Promise<Clinician> {
  await throttle(sourceIp, deps);
  const tokenHash = hash(token);
  const invite = await liveInvite(token, deps);

  const invites = new InviteRepository(deps.db, deps.table);
  const now = deps.clock.now();
  const at = now.toISOString();
  const clinician: Clinician = {
    orgId: invite.orgId,
    id: deps.newId(),
    name: body.name,
    email: invite.email,
    phone: body.phone,
    roles: invite.roles,
    skills: body.skills,
    ...(body.home ? { home: body.home } : {}),
    maxTravelKm: body.maxTravelKm,
    ...(body.registration ? { registration: body.registration } : {}),
    // Nothing is taken on the applicant's word: their checks are the documents HR verifies.
    compliance: { rightToWork: false },
    employment: body.employment,
    ...(body.pension ? { pension: body.pension } : {}),
    preferredPracticeIds: [],
    blockedPracticeIds: [],
    ...(body.availability ? { availability: body.availability } : {}),
    maxWeeklyHours: body.maxWeeklyHours,
    notify: body.notify,
    lateCancellations: 0,
    completedShifts: 0,
    phoneVerified: false,
    // Their role's full set of documents is required of them (DOMAIN.md), not v1's three checks.
    joinedByInvite: true,
    status: 'applicant',
    createdAt: at,
    updatedAt: at,
  };
  // A registration the applicant typed in is theirs to answer for: the evidence pack says so.
  const recorded = stampRecordedChecks(undefined, clinician, { at, byClinician: true });
  if (recorded) clinician.complianceRecorded = recorded;
  if (!(await invites.claim(tokenHash, clinician.id, now))) throw noSuchInvite();
  // A Cognito sign-in is one per address, across organisations. Asked only once the link is ours: an accept that
  // lost the race for it hears the link is used, not that the winner's new sign-in holds the address.
  const existing = await deps.users.get(invite.email);
  if (existing?.orgId === invite.orgId) {
    await invites.release(tokenHash, clinician.id);
    throw addressTaken();
  }
  try {
    await deps.clinicians.create(clinician);
  } catch (error) {
    await invites.release(tokenHash, clinician.id);
    throw error;
  }
  // An address that signs in to another organisation is answered as a fresh one, as POST /clinicians answers it:
  // whoever holds the link (the inviter has it too) must not learn where else the address signs in. The applicant
  // joins without a sign-in here, and the address is told why by email.
  if (existing) await tellSignInElsewhere(clinician, deps);
  else {
    try {
      await deps.users.create(signInOf(clinician, deps), { password: body.password });
    } catch (error) {
      // Made since we looked: another organisation's is answered as above; this one's as taken.
      const owner = error instanceof ConflictError ? await deps.users.get(clinician.email) : undefined;
      if (owner && owner.orgId !== invite.orgId) await tellSignInElsewhere(clinician, deps);
      else {
        await deps.clinicians.discard(clinician).catch((discardError: Error) =>
          logger.error('Could not take back an applicant without a sign-in', {
            clinicianId: clinician.id,
            error: discardError,
          }),
        );
        await invites.release(tokenHash, clinician.id);
        if (error instanceof ConflictError) throw addressTaken();
        throw error;
      }
    }
  }
  if (!(await invites.complete(tokenHash, clinician.id, at))) {
    // Only if this accept outlived its claim's hold and another took the link: both applicants stand, for HR to see.
    logger.error('An invitation was accepted twice after a stalled accept', { inviteId: invite.id });
  }
  // As for a clinician the admin adds: the number proves itself with a bare YES.
  await deps.outbox.put(await verifyText(clinician, deps), deps.clock.now().getTime());
  logger.info('Invitation accepted', { inviteId: invite.id, clinicianId: clinician.id });
  return clinician;
}

/** HR takes an applicant into the bank: from now on they are in the location index, so matched and offered work. */
export async function approveClinician(
  caller: Caller,
  id: string,
  deps: Pick<Deps, 'clock' | 'clinicians'>,
): Promise<Clinician> {
  const before = found(await deps.clinicians.get(caller.orgId, id), caller, 'clinician', id);
  if (before.status !== 'applicant') {
    throw new ConflictError(
      'INVALID_STATE',
      'Only an applicant can be approved; this clinician is already in the bank',
    );
  }
  if (!before.home) {
    throw new ConflictError(
      'INVALID_STATE',
      'The applicant has not given a home yet: matching measures their travel from it, so they add it to their profile first',
    );
  }
  const now = deps.clock.now().toISOString();
  const { version: _version, ...rest } = before;
  const after: Clinician = { ...rest, status: 'active', approvedAt: now, approvedBy: caller.userId, updatedAt: now };
  try {
    await deps.clinicians.update(before, after);
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'INVALID_STATE') {
      throw new ConflictError('INVALID_STATE', 'The applicant was changed meanwhile; reload and try again');
    }
    throw error;
  }
  logger.info('Applicant approved', { clinicianId: id });
  return after;
}
