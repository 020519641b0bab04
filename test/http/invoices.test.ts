import { beforeAll, describe, expect, it } from 'vitest';
import { type Actor, actor, call, expectError, manager, SOMERSET } from '../support/security/world';

/** Invoices over HTTP: the routes' replies match the contract, who may use them, and bad input answers 4xx. */
describe('/invoices', () => {
  let hr: Actor;
  let clinician: Actor;

  beforeAll(async () => {
    hr = await actor(SOMERSET, 'hr');
    clinician = await actor(SOMERSET, 'clinician');
  });

  it('runs a month with nothing to invoice as 200 with no invoices, and again the same', async () => {
    for (let i = 0; i < 2; i++) {
      const run = await call('POST', '/invoices/run', { token: hr.token, body: { month: '2031-03' } });
      expect(run.status, run.text).toBe(200);
      expect(run.body).toEqual({ invoices: [] });
    }
  });

  it('lists invoices as 200 for HR, a manager and a clinician, every one of the clinician’s their own', async () => {
    const all = await call('GET', '/invoices?status=issued', { token: hr.token });
    expect(all.status, all.text).toBe(200);
    expect(Array.isArray(all.body.invoices)).toBe(true);
    const mine = await call('GET', '/invoices', { token: clinician.token });
    expect(mine.status, mine.text).toBe(200);
    const ids = new Set(mine.body.invoices.map((i: { clinicianId: string }) => i.clinicianId));
    expect(ids.size).toBeLessThanOrEqual(1);
    const m = await manager();
    expect((await call('GET', `/invoices?practiceId=${m.practiceId}`, { token: m.token })).status).toBe(200);
  });

  it('refuses a bad month with 400 VALIDATION, and a manager’s run with 403', async () => {
    expectError(
      await call('POST', '/invoices/run', { token: hr.token, body: { month: '2027-13' } }),
      400,
      'VALIDATION',
    );
    expectError(await call('POST', '/invoices/run', { token: hr.token, body: {} }), 400, 'VALIDATION');
    expectError(await call('GET', '/invoices?month=January', { token: hr.token }), 400, 'VALIDATION');
    const m = await manager();
    expectError(await call('POST', '/invoices/run', { token: m.token, body: { month: '2027-01' } }), 403);
  });

  it('answers an unknown invoice, its PDF and its payment with 404, and a clinician paying with 403', async () => {
    expectError(await call('GET', '/invoices/inv-nope', { token: hr.token }), 404, 'NOT_FOUND');
    expectError(await call('GET', '/invoices/inv-nope/pdf', { token: hr.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/invoices/inv-nope/paid', { token: hr.token }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/invoices/inv-nope/paid', { token: clinician.token }), 403);
  });
});
