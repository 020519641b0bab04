import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  actor,
  booked,
  call,
  expectError,
  newClinician,
  QUANTOCK,
  SOMERSET,
  slotter,
} from '../support/security/world';

/**
 * The calendar subscription: a secret address a calendar app can poll
 * without a bearer token, issued and replaced by the clinician (or an admin),
 * serving exactly what the authenticated calendar serves.
 */

const slot = slotter(550);
const pathOf = (url: string) => new URL(url).pathname;

describe('the calendar subscription address', () => {
  let a: Awaited<ReturnType<typeof booked>>;
  let b: Awaited<ReturnType<typeof booked>>;
  let admin: Actor;

  beforeAll(async () => {
    [a, b, admin] = await Promise.all([booked(slot()), booked(slot()), actor(SOMERSET, 'admin')]);
  });

  const issue = (clinician: Actor & { clinicianId: string }) =>
    call('POST', `/clinicians/${clinician.clinicianId}/calendar-feed`, { token: clinician.token });

  it('is absent until the clinician asks for one', async () => {
    const fresh = await newClinician();
    const reply = await call('GET', `/clinicians/${fresh.clinicianId}/calendar-feed`, { token: fresh.token });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toEqual({ feed: null });
  });

  it('is issued as an absolute address with 256 random bits in it, and read back the same', async () => {
    const issued = await issue(a.clinician);
    expect(issued.status, issued.text).toBe(201);
    const { url, webcalUrl, createdAt } = issued.body.feed;
    expect(url).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):\d+\/calendar-feeds\/[A-Za-z0-9_-]{43}\/calendar\.ics$/);
    expect(webcalUrl).toBe(url.replace(/^http:/, 'webcal:'));
    expect(Date.parse(createdAt)).not.toBeNaN();

    const read = await call('GET', `/clinicians/${a.clinician.clinicianId}/calendar-feed`, {
      token: a.clinician.token,
    });
    expect(read.body.feed).toEqual(issued.body.feed);
    const byAdmin = await call('GET', `/clinicians/${a.clinician.clinicianId}/calendar-feed`, { token: admin.token });
    expect(byAdmin.body.feed.url).toBe(url);
  });

  it('serves, without any token, the same iCalendar as the signed-in download, with only that clinician’s bookings', async () => {
    const { url } = (await issue(a.clinician)).body.feed;
    const feed = await call('GET', pathOf(url));
    expect(feed.status, feed.text).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(feed.text).toContain(`UID:${a.booking.id}@rota-bank`);
    expect(feed.text).not.toContain(b.booking.id);

    const download = await call('GET', `/clinicians/${a.clinician.clinicianId}/calendar.ics`, {
      token: a.clinician.token,
    });
    const events = (ics: string) => ics.replace(/^DTSTAMP:.*$/gm, '').match(/BEGIN:VEVENT[\s\S]*?END:VEVENT/g);
    expect(events(feed.text)).toEqual(events(download.text));
  });

  it('is replaced on request: the old address answers 404 in the error shape and the new one works', async () => {
    const first = (await issue(b.clinician)).body.feed.url as string;
    expect((await call('GET', pathOf(first))).status).toBe(200);
    const second = (await issue(b.clinician)).body.feed.url as string;
    expect(second).not.toBe(first);

    expectError(await call('GET', pathOf(first)), 404, 'NOT_FOUND');
    const now = await call('GET', pathOf(second));
    expect(now.status).toBe(200);
    expect(now.text).toContain(`UID:${b.booking.id}@rota-bank`);
  });

  it('can be replaced by an admin, which retires the clinician’s address too', async () => {
    const mine = (await issue(a.clinician)).body.feed.url as string;
    const replaced = await call('POST', `/clinicians/${a.clinician.clinicianId}/calendar-feed`, {
      token: admin.token,
    });
    expect(replaced.status).toBe(201);
    expectError(await call('GET', pathOf(mine)), 404, 'NOT_FOUND');
    expect((await call('GET', pathOf(replaced.body.feed.url))).status).toBe(200);
  });

  it('leaves one working address after many replacements at once', async () => {
    const replies = await Promise.all(Array.from({ length: 6 }, () => issue(b.clinician)));
    for (const r of replies) expect(r.status, r.text).toBe(201);
    const statuses = await Promise.all(replies.map((r) => call('GET', pathOf(r.body.feed.url)).then((x) => x.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const current = await call('GET', `/clinicians/${b.clinician.clinicianId}/calendar-feed`, {
      token: b.clinician.token,
    });
    expect(statuses[replies.findIndex((r) => r.body.feed.url === current.body.feed.url)]).toBe(200);
  });

  it('answers a made-up, malformed or wrong-length token with 404 and says nothing more', async () => {
    const { url } = (await issue(a.clinician)).body.feed;
    const token = pathOf(url).split('/')[2]!;
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    for (const t of [flipped, token.slice(1), `${token}x`, 'x', token.toLowerCase() === token ? 'Z' : 'z']) {
      const reply = await call('GET', `/calendar-feeds/${t}/calendar.ics`);
      expectError(reply, 404, 'NOT_FOUND');
      expect(reply.text).not.toContain(a.clinician.clinicianId);
      expect(reply.text).not.toContain('VCALENDAR');
    }
  });

  it('is issued and read only by the clinician themself or an admin of their organisation', async () => {
    const id = a.clinician.clinicianId;
    expectError(await call('POST', `/clinicians/${id}/calendar-feed`, { token: b.clinician.token }), 403, 'FORBIDDEN');
    expectError(await call('GET', `/clinicians/${id}/calendar-feed`, { token: b.clinician.token }), 403, 'FORBIDDEN');
    const manager = await actor(SOMERSET, 'manager');
    expectError(await call('POST', `/clinicians/${id}/calendar-feed`, { token: manager.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', `/clinicians/${id}/calendar-feed`), 401, 'UNAUTHENTICATED');

    const quantock = await actor(QUANTOCK, 'admin');
    const before = (await call('GET', `/clinicians/${id}/calendar-feed`, { token: admin.token })).body.feed.url;
    const foreign = await call('POST', `/clinicians/${id}/calendar-feed`, { token: quantock.token });
    expectError(foreign, 404, 'NOT_FOUND');
    expectError(await call('GET', `/clinicians/${id}/calendar-feed`, { token: quantock.token }), 404, 'NOT_FOUND');
    // Nothing changed: the Somerset clinician's address still works.
    expect((await call('GET', pathOf(before))).status).toBe(200);
  });

  it("gives another organisation's clinician a feed of their own bookings only", async () => {
    const quantock = await actor(QUANTOCK, 'clinician');
    const issued = await call('POST', `/clinicians/${quantock.user.clinicianId}/calendar-feed`, {
      token: quantock.token,
    });
    expect(issued.status, issued.text).toBe(201);
    const feed = await call('GET', pathOf(issued.body.feed.url));
    expect(feed.status).toBe(200);
    for (const secret of [a.booking.id, b.booking.id, a.shift.practiceId, SOMERSET])
      expect(feed.text).not.toContain(secret);
  });
});
