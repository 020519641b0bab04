import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datesOnWeekdays, daysBetween, sessionSpan, weekdayOf } from '../../lib/domain/rota';
import { addDays, parseInstant, toLocal } from '../../lib/domain/time';
import { WEEKDAYS } from '../../lib/domain/types';
import { CreateTemplateBody } from '../../lib/schemas/rota';

const dateArb = fc
  .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2069-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('datesOnWeekdays', () => {
  it('names every Monday and Thursday from 4 January 2027 to 31 January 2027, and nothing else', () => {
    expect(datesOnWeekdays('2027-01-04', '2027-01-31', ['mon', 'thu'])).toEqual([
      '2027-01-04',
      '2027-01-07',
      '2027-01-11',
      '2027-01-14',
      '2027-01-18',
      '2027-01-21',
      '2027-01-25',
      '2027-01-28',
    ]);
  });

  it('keeps a weekly pattern across the clock change: Sunday 29 March 2026 is a Sunday like any other', () => {
    expect(datesOnWeekdays('2026-03-20', '2026-04-06', ['sun'])).toEqual(['2026-03-22', '2026-03-29', '2026-04-05']);
    expect(datesOnWeekdays('2026-10-19', '2026-10-31', ['sun', 'mon'])).toEqual([
      '2026-10-19',
      '2026-10-25',
      '2026-10-26',
    ]);
  });

  it('returns, for any range and any days, exactly the dates in range on those days, ascending and once each', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 400 }),
        fc.subarray([...WEEKDAYS], { minLength: 1 }),
        (from, span, days) => {
          const to = addDays(from, span);
          const out = datesOnWeekdays(from, to, days);
          const expected = Array.from({ length: span + 1 }, (_, i) => addDays(from, i)).filter((d) =>
            days.includes(weekdayOf(d)),
          );
          expect(out).toEqual(expected);
          for (let i = 1; i < out.length; i++) expect(daysBetween(out[i - 1]!, out[i]!)).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('sessionSpan', () => {
  it('keeps the London wall clock of a GP morning on either side of a clock change (08:00-12:10 every day)', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const span = sessionSpan(date, { from: '08:00', to: '12:10' });
        if ('skip' in span) throw new Error('08:00 always exists');
        expect(toLocal(span.start)).toBe(`${date}T08:00`);
        expect(toLocal(span.end)).toBe(`${date}T12:10`);
        expect(Date.parse(span.end) - Date.parse(span.start)).toBe(250 * 60_000);
      }),
    );
  });

  it('reads 08:00 as BST after the clocks go forward and as GMT before', () => {
    expect(sessionSpan('2026-03-28', { from: '08:00', to: '12:10' })).toEqual({
      start: '2026-03-28T08:00:00.000Z',
      end: '2026-03-28T12:10:00.000Z',
    });
    expect(sessionSpan('2026-03-30', { from: '08:00', to: '12:10' })).toEqual({
      start: '2026-03-30T07:00:00.000Z',
      end: '2026-03-30T11:10:00.000Z',
    });
  });

  it('skips a session starting in the hour the clocks skip (01:30 on 29 March 2026)', () => {
    expect(sessionSpan('2026-03-29', { from: '01:30', to: '05:00' })).toEqual({ skip: 'CLOCK_CHANGE' });
    expect('skip' in sessionSpan('2026-03-28', { from: '01:30', to: '05:00' })).toBe(false);
  });

  it('ends a night session the next morning, an hour longer on the night the clocks go back', () => {
    const ordinary = sessionSpan('2026-10-24', { from: '20:00', to: '08:00' });
    const changing = sessionSpan('2026-10-25', { from: '00:00', to: '08:00' });
    expect(ordinary).toEqual({ start: parseInstant('2026-10-24T20:00'), end: parseInstant('2026-10-25T08:00') });
    if ('skip' in changing) throw new Error('midnight exists');
    expect((Date.parse(changing.end) - Date.parse(changing.start)) / 3_600_000).toBe(9);
  });
});

describe('CreateTemplateBody', () => {
  const base = { practiceId: 'prc-1', name: 'GP day', role: 'gp', hourlyRatePence: 9000 };
  it('takes a GP day of two sessions and refuses sessions that overlap, at the later one', () => {
    expect(
      CreateTemplateBody.safeParse({
        ...base,
        sessions: [
          { from: '08:00', to: '12:10' },
          { from: '14:00', to: '18:10' },
        ],
      }).success,
    ).toBe(true);
    const overlapping = CreateTemplateBody.safeParse({
      ...base,
      sessions: [
        { from: '08:00', to: '12:10' },
        { from: '12:00', to: '18:10' },
      ],
    });
    expect(overlapping.success).toBe(false);
    expect(overlapping.error?.issues.map((i) => i.path)).toEqual([['sessions', 1]]);
  });
});
