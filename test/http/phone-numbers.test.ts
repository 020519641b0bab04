import { beforeAll, describe, expect, it } from 'vitest';
import { call, outboxCaughtUp, QUANTOCK, SOMERSET, signIn } from '../support/client';

// Its waits for texts are short: the texts of earlier files must be sent first (see outboxCaughtUp).
beforeAll(() => outboxCaughtUp(), 200_000);

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 150));
  }
}

const outbox = async (query: string) =>
  (await call('GET', `/dev/outbox?${query}`)).body.messages as {
    id: string;
    to: string;
    kind: string;
    body: string;
    channel: string;
  }[];

const unique = () => Math.random().toString(36).slice(2, 10);

/** A clinician of the demo bank (their number counts as proved), not one another file has added since. */
async function demoClinician(token: string) {
  const bank = (await call('GET', '/clinicians?limit=50', { token })).body.clinicians as {
    phone: string;
    email: string;
    phoneVerified: boolean;
  }[];
  const seeded = bank.find((c) => c.email.endsWith('@bank.example') && c.phoneVerified);
  if (!seeded) throw new Error('No demo clinician in the first page');
  return seeded;
}

function clinicianBody(phone: string, home: { lat: number; lon: number }) {
  return {
    name: 'Dr Phone Test',
    email: `phone.${unique()}@bank.example`,
    phone,
    roles: ['gp'],
    home,
    maxTravelKm: 30,
    compliance: {
      dbsCheckedOn: '2025-06-01',
      trainingExpires: '2030-01-01',
      indemnityExpires: '2030-01-01',
      rightToWork: true,
    },
  };
}

/** A day far enough out that other files' shifts do not clash. */
const day = new Date(Date.now() + 70 * 86_400_000).toISOString().slice(0, 10);

describe('phone numbers over HTTP', () => {
  it('answers 409 PHONE_IN_USE for a number another clinician of the organisation holds', async () => {
    const { token } = await signIn(SOMERSET, 'admin');
    const held = await demoClinician(token);
    const taken = held.phone;
    const reply = await call('POST', '/clinicians', { token, body: clinicianBody(taken, { lat: 50.94, lon: -2.63 }) });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'PHONE_IN_USE', details: [{ path: 'body.phone' }] });
    // Clinicians from before numbers were proved count as proved.
    expect(held.phoneVerified).toBe(true);
  });

  it('asks a number typed in by another organisation to prove itself, and until then it books nothing there', async () => {
    const somerset = await signIn(SOMERSET, 'admin');
    const alice = await demoClinician(somerset.token);
    const quantock = await signIn(QUANTOCK, 'admin');
    const practice = (await call('GET', '/practices', { token: quantock.token })).body.practices[0] as {
      id: string;
      lat: number;
      lon: number;
    };
    const created = await call('POST', '/clinicians', {
      token: quantock.token,
      body: clinicianBody(alice.phone, { lat: practice.lat, lon: practice.lon }),
    });
    expect(created.status).toBe(201);
    expect(created.body.clinician.phoneVerified).toBe(false);
    const bob = created.body.clinician as { id: string; email: string };
    expect((await call('GET', `/clinicians/${bob.id}`, { token: quantock.token })).body.clinician.phoneVerified).toBe(
      false,
    );
    const asked = await eventually(
      () => outbox(`to=${encodeURIComponent(alice.phone)}&kind=phone-verify`),
      (ms) => ms.length > 0,
    );
    expect(asked.map((m) => m.body)).toContain('Reply YES to get shift offers from Quantock Vale Practices by text');

    const posted = await call('POST', '/shifts', {
      token: quantock.token,
      body: {
        practiceId: practice.id,
        role: 'gp',
        start: `${day}T08:00`,
        end: `${day}T12:00`,
        hourlyRatePence: 9000,
        cascadeMinutes: 600,
      },
    });
    expect(posted.status).toBe(201);
    const shiftId = posted.body.shift.id as string;
    const offered = await call('POST', `/shifts/${shiftId}/offers`, {
      token: quantock.token,
      body: { clinicianIds: [bob.id] },
    });
    expect(offered.status).toBe(201);
    const offer = (offered.body.offers as { clinicianId: string; code: string }[]).find(
      (o) => o.clinicianId === bob.id,
    )!;
    // The offer goes to Bob's email, not to the number.
    const byEmail = await eventually(
      () => outbox(`to=${encodeURIComponent(bob.email)}&kind=offer`),
      (ms) => ms.length > 0,
    );
    expect(byEmail.map((m) => m.channel)).toEqual(['email']);
    expect(
      (await outbox(`to=${encodeURIComponent(alice.phone)}&kind=offer`)).some((m) => m.body.includes(offer.code)),
    ).toBe(false);

    const sent = await call('POST', '/dev/sms/inbound', { body: { from: alice.phone, body: `YES ${offer.code}` } });
    expect(sent.status).toBe(202);
    await eventually(
      () => outbox(`to=${encodeURIComponent(alice.phone)}&kind=sms-reply`),
      (ms) => ms.some((m) => m.body.includes(offer.code)),
    );
    const shift = await call('GET', `/shifts/${shiftId}`, { token: quantock.token });
    expect(shift.body.shift.status).toBe('open');
  });
});
