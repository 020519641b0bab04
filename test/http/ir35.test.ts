import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  actor,
  call,
  clinicianBody,
  expectError,
  freePhone,
  homePractice,
  manager,
  otherManager,
  postShift,
  QUANTOCK,
  SOMERSET,
  slotter,
} from '../support/security/world';

/** IR35 determinations over HTTP: recording, reading, who may, and what they unlock. */

const slot = slotter(820);

describe('POST/GET /clinicians/{id}/ir35', () => {
  let admin: Actor;
  let ltdId: string;

  beforeAll(async () => {
    admin = await actor(SOMERSET, 'admin');
    const made = await call('POST', '/clinicians', {
      token: admin.token,
      body: clinicianBody(await homePractice(), { phone: await freePhone(), employment: 'limited-company' }),
    });
    expect(made.status, made.text).toBe(201);
    ltdId = made.body.clinician.id;
  });

  it('refuses a named offer with 409 NOT_ELIGIBLE (IR35) until the manager records a determination, then offers', async () => {
    const m = await manager();
    const { shift, offers } = await postShift(slot());
    expect(offers.map((o) => o.clinicianId)).not.toContain(ltdId);
    const refused = await call('POST', `/shifts/${shift.id}/offers`, {
      token: m.token,
      body: { clinicianIds: [ltdId] },
    });
    expectError(refused, 409, 'NOT_ELIGIBLE');
    expect(refused.body.error.details).toEqual([{ clinicianId: ltdId, reasons: ['IR35'] }]);
    const matches = await call('GET', `/shifts/${shift.id}/matches?clinicianId=${ltdId}`, { token: m.token });
    expect(matches.status, matches.text).toBe(200);
    expect(matches.body.excluded).toEqual([expect.objectContaining({ clinicianId: ltdId, reasons: ['IR35'] })]);

    const recorded = await call('POST', `/clinicians/${ltdId}/ir35`, {
      token: m.token,
      body: { practiceId: m.practiceId, determination: 'outside', reason: 'Right of substitution; own equipment' },
    });
    expect(recorded.status, recorded.text).toBe(201);
    expect(recorded.body).toEqual({
      determination: {
        clinicianId: ltdId,
        practiceId: m.practiceId,
        determination: 'outside',
        reason: 'Right of substitution; own equipment',
        decidedBy: m.user.id,
        decidedAt: expect.any(String),
      },
    });

    const offered = await call('POST', `/shifts/${shift.id}/offers`, {
      token: m.token,
      body: { clinicianIds: [ltdId] },
    });
    expect(offered.status, offered.text).toBe(201);
    expect(offered.body.offers.map((o: { clinicianId: string }) => o.clinicianId)).toContain(ltdId);

    const listed = await call('GET', `/clinicians/${ltdId}/ir35`, { token: admin.token });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.determinations[0]).toEqual(recorded.body.determination);
    const hr = await actor(SOMERSET, 'hr');
    expect((await call('GET', `/clinicians/${ltdId}/ir35`, { token: hr.token })).body.determinations).toHaveLength(
      listed.body.determinations.length,
    );
  });

  it('answers 403 to a manager of another practice, 404 to another organisation, 400 to a bad body', async () => {
    const m = await manager();
    const body = { practiceId: m.practiceId, determination: 'inside', reason: 'Works under direction' };
    const other = await otherManager(m.practiceId);
    expectError(await call('POST', `/clinicians/${ltdId}/ir35`, { token: other.token, body }), 403, 'FORBIDDEN');
    // Nor does the other manager read this practice's determinations.
    const seen = await call('GET', `/clinicians/${ltdId}/ir35`, { token: other.token });
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.determinations.filter((d: { practiceId: string }) => d.practiceId === m.practiceId)).toEqual([]);

    const stranger = await actor(QUANTOCK, 'admin');
    expectError(await call('POST', `/clinicians/${ltdId}/ir35`, { token: stranger.token, body }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/clinicians/${ltdId}/ir35`, { token: stranger.token }), 404, 'NOT_FOUND');

    const bad = await call('POST', `/clinicians/${ltdId}/ir35`, {
      token: m.token,
      body: { ...body, determination: 'maybe' },
    });
    expectError(bad, 400);
    expect(JSON.stringify(bad.body.error.details)).toContain('body.determination');
  });
});
