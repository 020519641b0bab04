import { describe, expect, it } from 'vitest';
import { call } from '../support/client';

describe('rate limits', () => {
  it('answers a number that texts too often with 429 RATE_LIMITED, and still serves other numbers', async () => {
    const from = '+447700900777'; // nobody's number in the demo bank
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push((await call('POST', '/dev/sms/inbound', { body: { from, body: 'HELP' } })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    const limited = await call('POST', '/dev/sms/inbound', { body: { from, body: 'HELP' } });
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect((await call('POST', '/dev/sms/inbound', { body: { from: '+447700900778', body: 'HELP' } })).status).toBe(
      202,
    );
    // Dropped texts are not answered: twenty replies, not twenty-three.
    const replies = (await call('GET', `/dev/outbox?to=${encodeURIComponent(from)}`)).body.messages;
    expect(replies.length).toBeLessThanOrEqual(20);
  });
});
