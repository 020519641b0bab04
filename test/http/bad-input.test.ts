import { beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../support/client';
import {
  type Actor,
  actor,
  call,
  clinicianBody,
  expectError,
  freePhone,
  homePractice,
  manager,
  newClinician,
  postShift,
  SOMERSET,
  slotter,
} from '../support/security/world';

/**
 * Bad input is refused with 400 VALIDATION at the field, never stored and
 * never crashed on: dates no report or export can reach, and text carrying
 * control or text-direction characters.
 */

const slot = slotter(620);

const template = (practiceId: string, extra: Record<string, unknown>) => ({
  practiceId,
  name: 'Morning clinic',
  role: 'practice-nurse',
  sessions: [{ from: '10:00', to: '11:00', breakMinutes: 0 }],
  hourlyRatePence: 2000,
  ...extra,
});

function expectInvalidAt(reply: Reply, path: string) {
  expectError(reply, 400, 'VALIDATION');
  const paths = (reply.body.error.details ?? []).map((d: { path: string }) => d.path);
  expect(paths, reply.text).toContain(path);
}

describe('dates far from now', () => {
  let admin: Actor;
  let hr: Actor;

  beforeAll(async () => {
    [admin, hr] = await Promise.all([actor(SOMERSET, 'admin'), actor(SOMERSET, 'hr')]);
  });

  it('refuses a report for the year 9999 with 400 VALIDATION, not a 500', async () => {
    const far = await call('GET', '/reports/summary?from=9999-12-30&to=9999-12-31', { token: admin.token });
    expectInvalidAt(far, 'query.from');
    const farTo = await call('GET', '/reports/summary?from=2069-12-30&to=9999-01-01', { token: admin.token });
    expectInvalidAt(farTo, 'query.to');
  });

  it('refuses a payroll export for the year 9999 and keeps no export of it', async () => {
    const reply = await call('POST', '/payroll/exports', {
      token: hr.token,
      body: { from: '9999-12-01', to: '9999-12-31' },
    });
    expectInvalidAt(reply, 'body.from');
    const list = await call('GET', '/payroll/exports?limit=200', { token: hr.token });
    expect(list.status).toBe(200);
    expect(list.body.exports.filter((e: { from: string }) => e.from.startsWith('9999'))).toEqual([]);
  });

  it('refuses an invoice run, an invoice list and a Form B for the month 9999-12 with 400 VALIDATION, not a 500', async () => {
    // Found in a black-box pass: the invoice run reached DynamoDB with a five-digit year and answered 500.
    const run = await call('POST', '/invoices/run', { token: hr.token, body: { month: '9999-12' } });
    expectInvalidAt(run, 'body.month');
    expectInvalidAt(await call('POST', '/invoices/run', { token: hr.token, body: { month: '1999-12' } }), 'body.month');
    expectInvalidAt(await call('GET', '/invoices?month=9999-12', { token: hr.token }), 'query.month');
    const clinicians = await call('GET', '/clinicians?limit=1', { token: hr.token });
    const id = clinicians.body.clinicians[0].id;
    expectInvalidAt(
      await call('GET', `/clinicians/${id}/pension/form-b?month=9999-12`, { token: hr.token }),
      'query.month',
    );
  });

  it('refuses year 10000 instants and far dates on every dated filter and body', async () => {
    const m = await manager();
    const cases: [string, string, unknown, string][] = [
      ['GET', '/shifts?from=9999-12-31T23:59:59Z', undefined, 'query.from'],
      ['GET', '/shifts?to=0001-01-01T00:00Z', undefined, 'query.to'],
      ['GET', '/bookings?to=9999-12-31T23:00', undefined, 'query.to'],
      ['POST', '/shifts', { ...body(m.practiceId), start: '9999-12-31T08:00', end: '9999-12-31T09:00' }, 'body.start'],
    ];
    for (const [method, path, b, at] of cases) {
      expectInvalidAt(await call(method, path, { token: m.token, body: b }), at);
    }
    const home = await homePractice();
    const created = await call('POST', '/clinicians', {
      token: admin.token,
      body: clinicianBody(home, {
        compliance: { dbsCheckedOn: '0001-01-01', trainingExpires: '9999-12-31', rightToWork: true },
      }),
    });
    expectInvalidAt(created, 'body.compliance.dbsCheckedOn');
  });

  it("refuses to move the local runtime's clock to 9999 (local only)", async () => {
    const before = await call('GET', '/dev/clock');
    try {
      const reply = await call('POST', '/dev/clock', { body: { now: '9999-12-31T00:00:00Z' } });
      expectInvalidAt(reply, 'body.now');
      const after = await call('GET', '/dev/clock');
      expect(after.body.now.slice(0, 4)).toBe(before.body.now.slice(0, 4));
    } finally {
      // Had it moved, every other test in this run would be judged in the year 9999.
      const now = await call('GET', '/dev/clock');
      if (!now.body.now.startsWith(before.body.now.slice(0, 4)))
        await call('POST', '/dev/clock', { body: { now: null } });
    }
  });

  it('still accepts the widest periods the product can compute (the control)', async () => {
    const report = await call('GET', '/reports/summary?from=2069-01-01&to=2069-12-31', { token: admin.token });
    expect(report.status, report.text).toBe(200);
    const shifts = await call('GET', '/shifts?from=2069-12-31T00:00Z', { token: admin.token });
    expect(shifts.status, shifts.text).toBe(200);
  });
});

function body(practiceId: string) {
  return { practiceId, role: 'phlebotomist', hourlyRatePence: 2000, cascadeMinutes: 0 };
}

/** Characters that reorder or hide text on screen, in CSVs and in logs. */
const HOSTILE: [string, string][] = [
  ['right-to-left override U+202E', 'Dr \u202Eniamlef'],
  ['left-to-right embedding U+202A', 'Dr \u202AAsha'],
  ['pop directional formatting U+202C', 'Dr Asha\u202C'],
  ['left-to-right isolate U+2066', 'Dr \u2066Asha'],
  ['pop directional isolate U+2069', 'Dr Asha\u2069 Patel'],
  ['left-to-right mark U+200E', 'Dr\u200E Asha'],
  ['right-to-left mark U+200F', 'Dr\u200F Asha'],
  ['NUL', 'Dr\u0000Asha'],
  ['escape (ANSI colour)', 'Dr \u001b[31mAsha'],
  ['backspace', 'Dr Ash\u0008a'],
  ['DEL', 'Dr Asha\u007f'],
  ['C1 control U+0085', 'Dr \u0085Asha'],
  ['C1 control U+009B (CSI)', 'Dr \u009b31mAsha'],
  ['a line break inside a name', 'Dr Asha\nPatel'],
  ['a carriage return inside a name', 'Dr Asha\rPatel'],
];

describe('control and text-direction characters', () => {
  let admin: Actor;

  beforeAll(async () => {
    admin = await actor(SOMERSET, 'admin');
  });

  it.each(HOSTILE)('refuses a practice name with %s and stores nothing', async (_label, name) => {
    const odsCode = `Y${String(Date.now() % 100_000).padStart(5, '0')}`;
    const reply = await call('POST', '/practices', {
      token: admin.token,
      body: { name, odsCode, lat: 50.9, lon: -2.6 },
    });
    expectInvalidAt(reply, 'body.name');
    const list = await call('GET', '/practices', { token: admin.token });
    expect(list.body.practices.filter((p: { odsCode: string }) => p.odsCode === odsCode)).toEqual([]);
  });

  it('refuses them in clinician names, addresses, notes and reasons', async () => {
    const home = await homePractice();
    const rlo = '\u202E';
    const m = await manager();
    const clinician = await newClinician();
    const { shift } = await postShift(slot());
    const cases: [string, string, unknown, string][] = [
      ['POST', '/clinicians', clinicianBody(home, { name: `Dr ${rlo}Evil` }), 'body.name'],
      ['POST', '/clinicians', clinicianBody(home, { payrollId: `P1${rlo}` }), 'body.payrollId'],
      [
        'POST',
        '/clinicians',
        clinicianBody(home, { home: { ...home, postcode: `BA20${rlo}1AA` } }),
        'body.home.postcode',
      ],
      ['PATCH', `/clinicians/${clinician.clinicianId}`, { name: 'Dr\u0007 Bell' }, 'body.name'],
      [
        'POST',
        '/practices',
        { name: 'Good Name', odsCode: 'Y99999', lat: 50.9, lon: -2.6, address: `1 High St${rlo}` },
        'body.address',
      ],
      [
        'POST',
        '/practices',
        { name: 'Good Name', odsCode: 'Y99998', lat: 50.9, lon: -2.6, pcn: '\u2067PCN' },
        'body.pcn',
      ],
      ['POST', '/shifts', { ...body(m.practiceId), ...slot(), notes: `Duty doctor ${rlo}` }, 'body.notes'],
      ['POST', `/shifts/${shift.id}/cancel`, { reason: `No longer needed\u001b[2J` }, 'body.reason'],
      // A template's name and notes reach every shift posted from it.
      ['POST', '/shift-templates', template(m.practiceId, { name: `Morning ${rlo}clinic` }), 'body.name'],
      ['POST', '/shift-templates', template(m.practiceId, { notes: `Room 2\u0000` }), 'body.notes'],
    ];
    for (const [method, path, b, at] of cases) {
      const token = path.startsWith('/shifts') ? m.token : admin.token;
      expectInvalidAt(await call(method, path, { token, body: b }), at);
    }
    const still = await call('GET', `/shifts/${shift.id}`, { token: m.token });
    expect(still.body.shift.status).toBe('open');
    const again = await call('GET', `/clinicians/${clinician.clinicianId}`, { token: admin.token });
    expect(again.body.clinician.name).not.toContain('\u0007');
  });

  it('keeps line breaks and tabs in multi-line notes and reasons, and ordinary accents anywhere (the control)', async () => {
    const m = await manager();
    const posted = await call('POST', '/shifts', {
      token: m.token,
      body: { ...body(m.practiceId), ...slot(), notes: 'Duty doctor\nBring your own\tstethoscope' },
    });
    expect(posted.status, posted.text).toBe(201);
    expect(posted.body.shift.notes).toBe('Duty doctor\nBring your own\tstethoscope');
    const cancelled = await call('POST', `/shifts/${posted.body.shift.id}/cancel`, {
      token: m.token,
      body: { reason: 'Practice closed\nsnow' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    const home = await homePractice();
    const made = await call('POST', '/clinicians', {
      token: admin.token,
      body: clinicianBody(home, { name: 'Dr Zoë O’Brien-Ngũgĩ', phone: await freePhone() }),
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body.clinician.name).toBe('Dr Zoë O’Brien-Ngũgĩ');
  });
});
