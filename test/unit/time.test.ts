import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant, toLocal } from '../../lib/domain/time';

describe('parseInstant', () => {
  it('reads a London wall clock in winter as GMT and in summer as BST', () => {
    expect(parseInstant('2026-12-03T08:30')).toBe('2026-12-03T08:30:00.000Z');
    expect(parseInstant('2026-07-01T09:00')).toBe('2026-07-01T08:00:00.000Z');
  });

  it('refuses the hour the clocks skip in March, and takes GMT for the hour they repeat in October', () => {
    expect(parseInstant('2026-03-29T01:30')).toBeUndefined();
    expect(parseInstant('2027-03-28T01:00')).toBeUndefined();
    expect(parseInstant('2026-03-29T02:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(parseInstant('2026-10-25T01:30')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('honours an explicit offset, and refuses what is not an instant', () => {
    expect(parseInstant('2026-12-03T08:30:00+01:00')).toBe('2026-12-03T07:30:00.000Z');
    expect(parseInstant('2026-12-03T08:30:00Z')).toBe('2026-12-03T08:30:00.000Z');
    for (const bad of ['', 'tomorrow', '2026-02-30T10:00', '2026-12-03', '2026-12-03T25:00', '2026-12-03 08:30']) {
      expect(parseInstant(bad), bad).toBeUndefined();
    }
  });

  it('round-trips every instant of 2026 and 2027 through the London wall clock, but the repeated hour (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse('2026-01-01T00:00:00Z') / 60_000,
          max: Date.parse('2027-12-31T23:59:00Z') / 60_000,
        }),
        (minute) => {
          const instant = new Date(minute * 60_000).toISOString();
          const back = parseInstant(toLocal(instant));
          const repeated = ['2026-10-25T00', '2027-10-31T00'].some((h) => instant.startsWith(h));
          if (repeated) expect(back).toBe(new Date(minute * 60_000 + 3_600_000).toISOString());
          else expect(back).toBe(instant);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('answers any text with a UTC instant or nothing, never an exception (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const result = parseInstant(s);
        expect(result === undefined || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(result)).toBe(true);
      }),
    );
  });
});
