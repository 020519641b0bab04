import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Clinician, Practice } from '../../lib/domain/types';
import { handleInboundText } from '../../lib/use-cases/inbound-sms';
import { offerShift } from '../../lib/use-cases/offers';
import { createShift } from '../../lib/use-cases/shifts';
import { clinician, manager, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

let deps: TestDeps;
let surgery: Practice;
let doc: Clinician;
let other: Clinician;

async function outbox(kind?: string) {
  const out = await deps.db.send(
    new ScanCommand({
      TableName: deps.table,
      FilterExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'OUTBOX' },
    }),
  );
  return (out.Items ?? []).filter((m) => !kind || m.kind === kind);
}

async function offerTo(c: Clinician, start: string, end: string) {
  const m = manager([surgery.id]);
  const shift = await createShift(
    m,
    {
      practiceId: surgery.id,
      role: 'gp',
      skills: [],
      start,
      end,
      breakMinutes: 0,
      hourlyRatePence: 9000,
      cascadeMinutes: 30,
    },
    deps,
  );
  const [offer] = await offerShift(m, shift.id, { clinicianIds: [c.id] }, deps);
  return { shift, offer: offer! };
}

const text = (from: string, body: string, messageId = `msg-${Math.random()}`) =>
  handleInboundText({ from, body, messageId }, deps);

beforeEach(async () => {
  deps = await freshDeps();
  surgery = practice({ name: 'Yeovil Health Centre' });
  doc = clinician({ phone: '+447700900123', notify: ['sms', 'email'] });
  other = clinician({ phone: '+447700900124' });
  await seed(deps, [surgery], [doc, other]);
});

describe('handleInboundText', () => {
  it('books once and answers once when the carrier delivers the same "YES <code>" twice', async () => {
    const { shift, offer } = await offerTo(doc, '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    await text('+447700900123', `yes ${offer.code}`, 'carrier-1');
    await text('+447700900123', `yes ${offer.code}`, 'carrier-1');
    expect(await deps.shifts.get(shift.orgId, shift.id, true)).toMatchObject({
      status: 'filled',
      booking: { clinicianId: doc.id },
    });
    const bookings = await deps.bookings.list(doc.orgId, { clinicianId: doc.id }, {}, { limit: 10 });
    expect(bookings.items).toHaveLength(1);
    const told = await deliverOutbox(deps);
    const replies = told.filter((m) => m.kind === 'sms-reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ to: '+447700900123', channel: 'sms' });
    expect(String(replies[0]!.body)).toMatch(/^Booked/);
    // The booking by text is confirmed by that reply, not by a second text: the practice's email only.
    expect(told.filter((m) => m.kind === 'booking-confirmed').map((m) => m.to)).toEqual([surgery.email]);
    // The carrier delivering it a third time, after the relay has run, still adds nothing.
    await text('+447700900123', `yes ${offer.code}`, 'carrier-1');
    expect(await deliverOutbox(deps)).toEqual([]);
  });

  it('answers a bare YES delivered twice before the relay ran with "Booked", whichever record the relay reaches first', async () => {
    const { shift } = await offerTo(doc, '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    await text('+447700900123', 'YES', 'carrier-2');
    // The redelivery finds no live offer any more: it must not answer "no live offers" in place of the booking.
    await text('+447700900123', 'YES', 'carrier-2');
    expect((await deps.shifts.get(shift.orgId, shift.id, true))?.booking?.clinicianId).toBe(doc.id);
    // The reply's own record may reach the relay first (it sits on another shard from the booking's).
    const first = await deliverOutbox(deps, (r) => r.id === 'reply-carrier-2');
    const rest = await deliverOutbox(deps);
    const replies = [...first, ...rest].filter((m) => m.kind === 'sms-reply');
    expect(replies).toHaveLength(1);
    expect(String(replies[0]!.body)).toMatch(/^Booked/);
  });

  it('answers a second "YES <code>" for an offer already booked, sent before the relay ran', async () => {
    const { offer } = await offerTo(doc, '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    await text('+447700900123', `yes ${offer.code}`, 'first');
    await text('+447700900123', `yes ${offer.code}`, 'second');
    const told = await deliverOutbox(deps);
    const replies = told.filter((m) => m.kind === 'sms-reply').sort((a, b) => a.id.localeCompare(b.id));
    expect(replies.map((m) => m.id)).toEqual(['reply-first', 'reply-second']);
    // Every text gets one answer: the second learns it is booked, and nothing is booked twice.
    for (const reply of replies) expect(String(reply.body)).toMatch(/^Booked/);
    const bookings = await deps.bookings.list(doc.orgId, { clinicianId: doc.id }, {}, { limit: 10 });
    expect(bookings.items).toHaveLength(1);
  });

  it('accepts a bare YES when there is exactly one live offer, and lists the codes when there are several', async () => {
    const first = await offerTo(doc, '2026-12-03T08:30:00Z', '2026-12-03T12:30:00Z');
    await text('+447700900123', 'Y');
    expect((await deps.shifts.get(first.shift.orgId, first.shift.id, true))?.status).toBe('filled');

    const a = await offerTo(doc, '2026-12-07T08:30:00Z', '2026-12-07T12:30:00Z');
    const b = await offerTo(doc, '2026-12-09T08:30:00Z', '2026-12-09T12:30:00Z');
    await text('+447700900123', 'YES', 'several');
    expect((await deps.shifts.get(a.shift.orgId, a.shift.id, true))?.status).toBe('open');
    expect((await deps.shifts.get(b.shift.orgId, b.shift.id, true))?.status).toBe('open');
    const reply = (await outbox('sms-reply')).find((m) => m.id === 'reply-several');
    expect(String(reply?.body)).toContain(a.offer.code);
    expect(String(reply?.body)).toContain(b.offer.code);
  });

  it('tells a second clinician the shift is already filled', async () => {
    const m = manager([surgery.id]);
    const shift = await createShift(
      m,
      {
        practiceId: surgery.id,
        role: 'gp',
        skills: [],
        start: '2026-12-04T08:30:00Z',
        end: '2026-12-04T12:30:00Z',
        breakMinutes: 0,
        hourlyRatePence: 9000,
        cascadeMinutes: 30,
      },
      deps,
    );
    const offers = await offerShift(m, shift.id, { clinicianIds: [doc.id, other.id] }, deps);
    const mine = offers.find((o) => o.clinicianId === doc.id)!;
    const theirs = offers.find((o) => o.clinicianId === other.id)!;
    await text('+447700900123', `YES${mine.code}`);
    await text('+447700900124', `yes ${theirs.code}`, 'late');
    const late = (await outbox('sms-reply')).find((r) => r.id === 'reply-late');
    expect(String(late?.body)).toMatch(/already been filled/);
    expect((await deps.shifts.get(shift.orgId, shift.id, true))?.booking?.clinicianId).toBe(doc.id);
  });

  it('declines with NO <code>, and answers an unknown code without booking anything', async () => {
    const { offer, shift } = await offerTo(doc, '2026-12-05T08:30:00Z', '2026-12-05T12:30:00Z');
    await text('+447700900123', 'yes 9999', 'wrong-code');
    expect(String((await outbox('sms-reply')).find((r) => r.id === 'reply-wrong-code')?.body)).toContain('9999');
    await text('+447700900123', `NO ${offer.code}`);
    expect((await deps.offers.get(offer.orgId, offer.id))?.status).toBe('declined');
    expect((await deps.shifts.get(shift.orgId, shift.id, true))?.status).toBe('open');
  });

  it('books nothing for an unknown number and tells it nothing about any shift', async () => {
    const { offer, shift } = await offerTo(doc, '2026-12-06T08:30:00Z', '2026-12-06T12:30:00Z');
    await text('+447700900999', `YES ${offer.code}`, 'stranger');
    expect((await deps.shifts.get(shift.orgId, shift.id, true))?.status).toBe('open');
    const reply = (await outbox('sms-reply')).find((r) => r.id === 'reply-stranger');
    expect(reply?.to).toBe('+447700900999');
    expect(String(reply?.body)).not.toContain(surgery.name);
    expect(String(reply?.body)).not.toContain(offer.code);
  });

  it('takes the sender as the carrier gives it (E.164): the same number in another form is no one', async () => {
    const { offer, shift } = await offerTo(doc, '2026-12-06T08:30:00Z', '2026-12-06T12:30:00Z');
    for (const [n, from] of ['07700 900123', '447700900123', '+44 7700 900123'].entries()) {
      await text(from, `YES ${offer.code}`, `not-e164-${n}`);
    }
    expect((await deps.shifts.get(shift.orgId, shift.id, true))?.status).toBe('open');
    // Not an E.164 number, so not one to answer either.
    expect((await outbox('sms-reply')).filter((r) => String(r.id).startsWith('reply-not-e164'))).toEqual([]);
  });

  it('after STOP offers go by email, and START brings texts back', async () => {
    await text('+447700900123', 'STOP');
    expect((await deps.clinicians.get(doc.orgId, doc.id))?.smsOptedOut).toBe(true);
    await offerTo(doc, '2026-12-08T08:30:00Z', '2026-12-08T12:30:00Z');
    const offers = await outbox('offer');
    expect(offers.map((o) => o.channel)).toEqual(['email']);
    expect(offers[0]!.to).toBe(doc.email);
    await text('+447700900123', 'start');
    expect((await deps.clinicians.get(doc.orgId, doc.id))?.smsOptedOut).toBe(false);
  });
});
