import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl } from '../support/client';
import {
  type Actor,
  actor,
  anotherClinician,
  call,
  expectError,
  manager,
  newClinician,
  QUANTOCK,
  SOMERSET,
} from '../support/security/world';

/** Compliance documents over HTTP: declare, upload to the local address, check by content, decide. */

const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0', 'latin1'),
  Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]),
]);

const put = (url: string, bytes: Buffer, contentType: string) =>
  fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: bytes });

async function declare(who: Actor, clinicianId: string, bytes: Buffer, contentType: string, type = 'dbs') {
  const reply = await call('POST', `/clinicians/${clinicianId}/documents`, {
    token: who.token,
    body: { type, issuedOn: '2026-01-12', fileName: 'evidence', contentType, bytes: bytes.length },
  });
  expect(reply.status, reply.text).toBe(201);
  return reply.body as { document: { id: string; status: string }; upload: { url: string; method: string } };
}

describe('compliance documents', () => {
  let hr: Actor;
  let admin: Actor;

  beforeAll(async () => {
    hr = await actor(SOMERSET, 'hr');
    admin = await actor(SOMERSET, 'admin');
  });

  it('takes a PDF from the clinician, pending until HR verifies it with who and when', async () => {
    const me = await newClinician();
    const made = await declare(me, me.clinicianId, pdf, 'application/pdf');
    expect(made.document).toMatchObject({ type: 'dbs', status: 'pending', uploaded: false, issuedOn: '2026-01-12' });
    // A whole address, as a presigned S3 URL is: a client PUTs to it as given.
    expect(made.upload).toMatchObject({ method: 'PUT', url: expect.stringMatching(/^http:\/\/[^/]+\/dev\/uploads\//) });
    expect(new URL(made.upload.url).origin).toBe(new URL(baseUrl()).origin);

    const sent = await put(made.upload.url, pdf, 'application/pdf');
    expect(sent.status, await sent.text()).toBe(200);
    // The same address does not take a second file.
    expect((await put(made.upload.url, pdf, 'application/pdf')).status).toBe(404);

    const listed = await call('GET', `/clinicians/${me.clinicianId}/documents`, { token: hr.token });
    expect(listed.body.documents).toEqual([
      expect.objectContaining({ id: made.document.id, status: 'pending', uploaded: true }),
    ]);

    const file = await call('GET', `/documents/${made.document.id}/file`, { token: me.token });
    expect(file.status).toBe(200);
    expect(Buffer.from(file.text, 'latin1').subarray(0, 5).toString()).toBe('%PDF-');

    expectError(await call('POST', `/documents/${made.document.id}/verify`, { token: me.token }), 403);
    const verified = await call('POST', `/documents/${made.document.id}/verify`, { token: hr.token });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.body.document).toMatchObject({
      status: 'verified',
      verifiedBy: expect.any(String),
      verifiedAt: expect.stringMatching(/Z$/),
    });
    expectError(await call('POST', `/documents/${made.document.id}/verify`, { token: hr.token }), 409, 'INVALID_STATE');
  });

  it('refuses a polyglot and a mislabelled file, keeping nothing of either', async () => {
    const me = await newClinician();
    const polyglot = Buffer.concat([png.subarray(0, 33), Buffer.from('%PDF-1.4 hidden'), png.subarray(33)]);
    for (const [bytes, declared] of [
      [polyglot, 'image/png'],
      [png, 'application/pdf'],
    ] as const) {
      const made = await declare(me, me.clinicianId, bytes, declared);
      const sent = await put(made.upload.url, bytes, declared);
      expect(sent.status).toBe(400);
      expect(((await sent.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
      expectError(await call('GET', `/documents/${made.document.id}/file`, { token: hr.token }), 409, 'INVALID_STATE');
      const listed = await call('GET', `/clinicians/${me.clinicianId}/documents`, { token: me.token });
      expect(listed.body.documents.find((d: { id: string }) => d.id === made.document.id)).toMatchObject({
        status: 'invalid',
        uploaded: false,
      });
      expectError(
        await call('POST', `/documents/${made.document.id}/verify`, { token: hr.token }),
        409,
        'INVALID_STATE',
      );
    }
  });

  it('answers 413 for a file declared over 10 MB, and stores nothing', async () => {
    const me = await newClinician();
    const reply = await call('POST', `/clinicians/${me.clinicianId}/documents`, {
      token: me.token,
      body: { type: 'cv', fileName: 'cv.pdf', contentType: 'application/pdf', bytes: 10 * 1024 * 1024 + 1 },
    });
    expectError(reply, 413, 'PAYLOAD_TOO_LARGE');
    expect((await call('GET', `/clinicians/${me.clinicianId}/documents`, { token: me.token })).body.documents).toEqual(
      [],
    );
  });

  it('lets HR reject with a reason, and keeps other people out', async () => {
    const me = await newClinician();
    const made = await declare(admin, me.clinicianId, pdf, 'application/pdf', 'indemnity');
    const other = await anotherClinician(SOMERSET, me.clinicianId);
    const boss = await manager();
    expectError(await call('GET', `/clinicians/${me.clinicianId}/documents`, { token: other.token }), 403);
    expectError(await call('GET', `/clinicians/${me.clinicianId}/documents`, { token: boss.token }), 403);
    expectError(await call('GET', `/documents/${made.document.id}/file`, { token: other.token }), 403);
    expectError(
      await call('POST', `/documents/${made.document.id}/reject`, { token: boss.token, body: { reason: 'no' } }),
      403,
    );
    const rejected = await call('POST', `/documents/${made.document.id}/reject`, {
      token: hr.token,
      body: { reason: 'The scan is unreadable' },
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body.document).toMatchObject({
      status: 'rejected',
      reason: 'The scan is unreadable',
      rejectedBy: expect.any(String),
    });
  });
  it('lets HR read the bank and each clinician, to reach their documents, but change none of them', async () => {
    const c = await newClinician();
    const list = await call('GET', `/clinicians?q=${encodeURIComponent(c.user.name)}`, { token: hr.token });
    expect(list.status, list.text).toBe(200);
    expect(list.body.clinicians.map((x: { id: string }) => x.id)).toContain(c.clinicianId);
    const one = await call('GET', `/clinicians/${c.clinicianId}`, { token: hr.token });
    expect(one.status, one.text).toBe(200);
    expect(one.body.clinician.id).toBe(c.clinicianId);
    expectError(
      await call('PATCH', `/clinicians/${c.clinicianId}`, { token: hr.token, body: { maxTravelKm: 5 } }),
      403,
    );
    expectError(
      await call('POST', `/clinicians/${c.clinicianId}/disable`, { token: hr.token, body: { reason: 'No' } }),
      403,
    );
    // Another organisation's HR finds nothing of it.
    const quantock = await actor(QUANTOCK, 'hr');
    expectError(await call('GET', `/clinicians/${c.clinicianId}`, { token: quantock.token }), 404);
  });
});
