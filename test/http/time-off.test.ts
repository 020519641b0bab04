import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  actor,
  anotherClinician,
  call,
  expectError,
  manager,
  newClinician,
  offered,
  QUANTOCK,
  SOMERSET,
  slotter,
} from '../support/security/world';

/** Time off over HTTP: the routes, who may use them, and what it does to offers and accepts. */

const slot = slotter(760);
const dayOf = (s: { start: string }) => s.start.slice(0, 10);

describe('POST/GET/DELETE /clinicians/{id}/time-off', () => {
  let admin: Actor;

  beforeAll(async () => {
    admin = await actor(SOMERSET, 'admin');
  });

  it('books, lists and removes time off for the clinician themself (201, 200, 200)', async () => {
    const me = await newClinician();
    const s = slot();
    const path = `/clinicians/${me.clinicianId}/time-off`;
    const made = await call('POST', path, {
      token: me.token,
      body: { from: dayOf(s), to: dayOf(s), reason: 'Wedding' },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toEqual({
      timeOff: {
        id: expect.any(String),
        from: dayOf(s),
        to: dayOf(s),
        reason: 'Wedding',
        createdAt: expect.any(String),
      },
    });
    const listed = await call('GET', path, { token: me.token });
    expect(listed.status).toBe(200);
    expect(listed.body.timeOff).toEqual([made.body.timeOff]);
    const byAdmin = await call('GET', path, { token: admin.token });
    expect(byAdmin.body.timeOff).toEqual([made.body.timeOff]);

    const removed = await call('DELETE', `${path}/${made.body.timeOff.id}`, { token: me.token });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body).toEqual({ timeOff: made.body.timeOff });
    expect((await call('GET', path, { token: me.token })).body.timeOff).toEqual([]);
    expectError(await call('DELETE', `${path}/${made.body.timeOff.id}`, { token: me.token }), 404, 'NOT_FOUND');
    // The profile a manager reads does not carry it.
    const profile = await call('GET', `/clinicians/${me.clinicianId}`, { token: admin.token });
    expect(profile.body.clinician.timeOff).toBeUndefined();
  });

  it('answers 403 to another clinician, a manager and HR, 404 to another organisation, 401 without a token', async () => {
    const me = await newClinician();
    const path = `/clinicians/${me.clinicianId}/time-off`;
    const d = dayOf(slot());
    const body = { from: d, to: d };
    const someoneElse = await anotherClinician(SOMERSET, me.clinicianId);
    const [m, hr, quantock] = await Promise.all([manager(), actor(SOMERSET, 'hr'), actor(QUANTOCK, 'admin')]);
    for (const who of [someoneElse, m, hr]) {
      expectError(await call('POST', path, { token: who.token, body }), 403, 'FORBIDDEN');
      expectError(await call('GET', path, { token: who.token }), 403, 'FORBIDDEN');
    }
    expectError(await call('POST', path, { token: quantock.token, body }), 404, 'NOT_FOUND');
    expectError(await call('GET', path, { token: quantock.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', path, { body }), 401, 'UNAUTHENTICATED');
    expect((await call('GET', path, { token: me.token })).body.timeOff).toEqual([]);
  });

  it('refuses bad periods with 400 VALIDATION at the field', async () => {
    const me = await newClinician();
    const path = `/clinicians/${me.clinicianId}/time-off`;
    const d = dayOf(slot());
    const cases: [unknown, string][] = [
      [{ from: d }, 'body.to'],
      [{ from: d, to: '2026-02-30' }, 'body.to'],
      [{ from: d, to: '9999-12-31' }, 'body.to'],
      [{ from: '2026-12-10', to: '2026-12-01' }, 'body.to'],
      [{ from: '2027-01-01', to: '2028-06-01' }, 'body.to'],
      [{ from: d, to: d, reason: 'Away\u202Etxt.exe' }, 'body.reason'],
      [{ from: d, to: d, extra: 1 }, 'body'],
      [{ from: '2020-01-01', to: '2020-01-02' }, 'body.to'],
    ];
    for (const [body, at] of cases) {
      const reply = await call('POST', path, { token: me.token, body });
      expectError(reply, 400, 'VALIDATION');
      expect(
        reply.body.error.details.map((x: { path: string }) => x.path),
        `${JSON.stringify(body)}: ${reply.text}`,
      ).toContain(at);
    }
    expect((await call('GET', path, { token: me.token })).body.timeOff).toEqual([]);
  });

  it('withdraws the live offer of a shift that day; accepting it answers 409 CLASH', async () => {
    const { clinician, offer, shift } = await offered(slot());
    const d = dayOf(shift);
    const made = await call('POST', `/clinicians/${clinician.clinicianId}/time-off`, {
      token: clinician.token,
      body: { from: d, to: d },
    });
    expect(made.status, made.text).toBe(201);
    const live = await call('GET', '/offers', { token: clinician.token });
    expect(live.body.offers.map((o: { id: string }) => o.id)).not.toContain(offer.id);
    const accepted = await call('POST', `/offers/${offer.id}/accept`, { token: clinician.token });
    expectError(accepted, 409, 'CLASH');
    expect(accepted.body.error.details).toMatchObject({ reasons: ['AVAILABILITY'] });
    const m = await manager();
    // Our clinicians live at the practice, so the location index reads them: excluded, for that reason.
    const matches = await call('GET', `/shifts/${shift.id}/matches`, { token: m.token });
    const mine = matches.body.excluded.find((x: { clinicianId: string }) => x.clinicianId === clinician.clinicianId);
    expect(mine?.reasons, matches.text.slice(0, 300)).toContain('AVAILABILITY');
    const again = await call('POST', `/shifts/${shift.id}/offers`, {
      token: m.token,
      body: { clinicianIds: [clinician.clinicianId] },
    });
    expectError(again, 409, 'NOT_ELIGIBLE');
  });

  it('refuses time off over a booking with 409 CLASH (cancel it first)', async () => {
    const { clinician, offer, shift } = await offered(slot());
    expect((await call('POST', `/offers/${offer.id}/accept`, { token: clinician.token })).status).toBe(200);
    const d = dayOf(shift);
    const refused = await call('POST', `/clinicians/${clinician.clinicianId}/time-off`, {
      token: clinician.token,
      body: { from: d, to: d },
    });
    expectError(refused, 409, 'CLASH');
    expect(refused.body.error.details.bookings).toHaveLength(1);
  });
});
