import { describe, expect, it } from 'vitest';
import type { BookedInterval } from '../../lib/domain/types';
import { pruned } from '../../lib/use-cases/bookings';

const DAY = 86_400_000;
const now = new Date('2026-12-01T12:00:00.000Z');

function endedDaysAgo(days: number): BookedInterval {
  const end = new Date(now.getTime() - days * DAY).toISOString();
  return {
    bookingId: `bk-${days}`,
    shiftId: `sh-${days}`,
    start: new Date(Date.parse(end) - 8 * 3_600_000).toISOString(),
    end,
  };
}

describe('a clinician’s diary, as each booking write prunes it', () => {
  it('keeps the four weeks the fair spread looks back on (matching reads only diaries), and drops what is older', () => {
    // A shift offered now or later looks back 28 days from its start for recent hours: everything that ended
    // within 28 days of the diary's last write must still be there.
    const kept = pruned([endedDaysAgo(1), endedDaysAgo(9), endedDaysAgo(20), endedDaysAgo(28), endedDaysAgo(30)], now);
    expect(kept.map((b) => b.bookingId)).toEqual(['bk-1', 'bk-9', 'bk-20', 'bk-28']);
  });

  it('keeps every future booking', () => {
    expect(pruned([endedDaysAgo(-40)], now)).toHaveLength(1);
  });
});
