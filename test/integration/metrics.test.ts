import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMessage, Practice } from '../../lib/domain/types';
import { metrics } from '../../lib/metrics';
import type { Publisher } from '../../lib/notify/publisher';
import { relayOutbox } from '../../lib/notify/relay';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { postShift } from '../../lib/use-cases/shifts';
import { asClinician, clinician, manager, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

/** What the invocation would flush now: metric name to its values. */
function stored(): Record<string, number[]> {
  const blob = metrics.serializeMetrics() as unknown as Record<string, unknown> & {
    _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
  };
  const names = blob._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name) ?? [];
  return Object.fromEntries(names.map((n) => [n, [blob[n] as number | number[]].flat()]));
}

let deps: TestDeps;
let surgery: Practice;

beforeAll(async () => {
  deps = await freshDeps();
  surgery = practice();
  await seed(deps, [surgery], [clinician(), clinician()]);
});

afterEach(() => metrics.clearMetrics());

describe('business metrics where the events happen', () => {
  it('counts a booking once, however often its accept is retried, with the minutes from posting to booking', async () => {
    deps.clock.set(new Date('2026-12-01T09:00:00.000Z'));
    const { offers } = await postShift(
      manager([surgery.id]),
      {
        practiceId: surgery.id,
        role: 'gp',
        skills: [],
        start: '2026-12-10T08:30:00.000Z',
        end: '2026-12-10T12:30:00.000Z',
        breakMinutes: 0,
        hourlyRatePence: 9000,
        cascadeMinutes: 0,
      },
      deps,
    );
    metrics.clearMetrics();
    deps.clock.set(new Date('2026-12-01T09:45:00.000Z'));
    const offer = offers[0]!;
    const caller = asClinician({ id: offer.clinicianId, orgId: offer.orgId });
    const first = await acceptOffer(caller, offer.id, deps);
    expect((await acceptOffer(caller, offer.id, deps)).id).toBe(first.id);
    expect(stored()).toEqual({ BookingMade: [1], TimeToFill: [45] });
  });

  it('counts each text the publisher takes once, and each refusal of one', async () => {
    const refuse = new Set<string>();
    const publisher: Publisher = {
      publish: async (messages) => ({ failed: messages.filter((m) => refuse.has(m.id)).map((m) => m.id) }),
    };
    const text = (id: string, channel: 'sms' | 'email' = 'sms'): OutboxMessage => ({
      orgId: surgery.orgId,
      id: `${id}-${Date.now()}`,
      kind: 'booking-confirmed',
      channel,
      to: channel === 'sms' ? '+447700900123' : 'a@example.org',
      body: 'Booked',
      createdAt: '2026-12-01T09:00:00.000Z',
    });
    const sent = text('sent');
    const refused = text('refused');
    const email = text('email', 'email');
    refuse.add(refused.id);
    const relay = () =>
      relayOutbox([sent, refused, email], {
        db: deps.db,
        table: deps.table,
        publisher,
        clock: deps.clock,
        expand: async (record) => [record as OutboxMessage],
        sleep: async () => {},
      });
    expect(await relay()).toEqual({ failed: [refused.id] });
    // A redelivery of the same records sends nothing again, so counts nothing again.
    refuse.clear();
    await relay();
    const counts = stored();
    // The refused text: refused on each of its attempts in the first relay, taken in the second.
    expect(counts.TextSent!.reduce((a, b) => a + b, 0)).toBe(2);
    expect(counts.TextRefused!.reduce((a, b) => a + b, 0)).toBe(4);
  });
});
