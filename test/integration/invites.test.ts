import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ConflictError, NotFoundError, RateLimitedError } from '../../lib/domain/errors';
import { CLAIM_HOLD_MS, InviteRepository } from '../../lib/store/invites';
import * as keys from '../../lib/store/keys';
import { acceptInvite, approveClinician, createInvite, listInvites, openInvite } from '../../lib/use-cases/invites';
import { ORG } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const hr: Caller = { userId: 'usr-hr', email: 'hr@org.example', role: 'hr', orgId: ORG, practiceIds: [] };

const body = (n: number) => ({
  name: `Applicant ${n}`,
  phone: `+4477009001${String(n).padStart(2, '0')}`,
  home: { lat: 50.95, lon: -2.64 },
  maxTravelKm: 25,
  skills: [],
  employment: 'bank' as const,
  maxWeeklyHours: 48,
  notify: ['sms' as const, 'email' as const],
});

async function sent(deps: TestDeps, email = `joiner.${Math.random().toString(36).slice(2)}@bank.example`) {
  const { invite, url } = await createInvite(hr, { email, roles: ['hca'] }, 'https://app.example', deps);
  return { invite, token: url.slice(url.lastIndexOf('/') + 1) };
}

describe('invitations in the table', () => {
  it('store only the hash of the token', async () => {
    const deps = await freshDeps();
    const { invite, token } = await sent(deps);
    const { Item } = await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.invite(invite.tokenHash) }));
    expect(Item).toBeDefined();
    expect(JSON.stringify(Item)).not.toContain(token);
  });

  it('of eight accepts at once, let exactly one make an applicant and a sign-in', async () => {
    const deps = await freshDeps();
    const { invite, token } = await sent(deps);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => acceptInvite(token, body(i), `10.0.0.${i}`, deps)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(NotFoundError);
    const applicant = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acceptInvite>>>).value;
    expect(applicant).toMatchObject({ status: 'applicant', email: invite.email, roles: ['hca'] });
    expect(await deps.users.get(invite.email)).toMatchObject({ clinicianId: applicant.id, role: 'clinician' });
    const [listed] = (await listInvites(hr, { limit: 50 }, deps)).items;
    expect(listed).toMatchObject({ status: 'accepted', clinicianId: applicant.id });
  });

  it('refuse an expired link, and take back a claim whose accept stalled past its hold', async () => {
    const deps = await freshDeps();
    const repo = new InviteRepository(deps.db, deps.table);
    const { invite } = await sent(deps);
    const now = deps.clock.now();
    expect(await repo.claim(invite.tokenHash, 'cln-a', now)).toBe(true);
    expect(await repo.claim(invite.tokenHash, 'cln-b', new Date(now.getTime() + 1000))).toBe(false);
    expect(await repo.claim(invite.tokenHash, 'cln-b', new Date(now.getTime() + CLAIM_HOLD_MS + 1000))).toBe(true);
    // The stalled accept cannot finish over the one that took the link from it.
    expect(await repo.complete(invite.tokenHash, 'cln-a', now.toISOString())).toBe(false);
    expect(await repo.complete(invite.tokenHash, 'cln-b', now.toISOString())).toBe(true);

    const late = await sent(deps);
    deps.clock.set(new Date(Date.parse(late.invite.expiresAt) + 1));
    await expect(acceptInvite(late.token, body(1), '10.0.0.1', deps)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('give the link back when the applicant cannot be made, and approve only an applicant', async () => {
    const deps = await freshDeps();
    const first = await sent(deps);
    const one = await acceptInvite(first.token, body(1), '10.0.0.1', deps);
    const second = await sent(deps);
    // The same phone number as the first applicant: refused, and the link still works.
    await expect(acceptInvite(second.token, body(1), '10.0.0.1', deps)).rejects.toBeInstanceOf(ConflictError);
    const two = await acceptInvite(second.token, body(2), '10.0.0.1', deps);
    expect(two.status).toBe('applicant');

    const approved = await approveClinician(hr, one.id, deps);
    expect(approved).toMatchObject({ status: 'active', approvedBy: 'usr-hr' });
    expect((await deps.clinicians.get(ORG, one.id))?.status).toBe('active');
    await expect(approveClinician(hr, one.id, deps)).rejects.toBeInstanceOf(ConflictError);
  });

  it('open at most 30 times a wall-clock minute from one address, even with the business clock frozen', async () => {
    const deps = await freshDeps();
    const { token } = await sent(deps);
    // Frozen, as /dev/clock leaves the local runtime: the window must still be the real minute.
    deps.clock.set(deps.clock.now());
    // All 31 inside one real minute: start early in it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    const address = `10.7.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const opened = await Promise.all(Array.from({ length: 30 }, () => openInvite(token, address, deps)));
    expect(opened).toHaveLength(30);
    await expect(openInvite(token, address, deps)).rejects.toBeInstanceOf(RateLimitedError);
    // Another address is counted on its own.
    await expect(openInvite(token, `${address}9`, deps)).resolves.toBeDefined();
  });
});
