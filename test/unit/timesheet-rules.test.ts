import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePay } from '../../lib/domain/pay';
import {
  approvableOnTrust,
  claimIssues,
  extrasPence,
  mileagePence,
  type Times,
  variance,
  withinTolerance,
} from '../../lib/domain/timesheet-rules';

const MIN = 60_000;
const at = (base: number, minutes: number) => new Date(base + minutes * MIN).toISOString();
// Around the year's clock changes and bank holidays, so the rules are seen across both.
const BASES = ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z', '2026-12-24T21:00:00Z', '2026-12-01T09:00:00Z'].map(
  Date.parse,
);

const arbCase = fc.record({
  base: fc.constantFrom(...BASES),
  bookedMinutes: fc.integer({ min: 60, max: 12 * 60 }),
  bookedBreak: fc.integer({ min: 0, max: 60 }),
  startDrift: fc.integer({ min: -300, max: 300 }),
  claimMinutes: fc.integer({ min: -60, max: 20 * 60 }),
  claimBreak: fc.integer({ min: 0, max: 120 }),
  nowAfterEnd: fc.integer({ min: -600, max: 600 }),
});

type Case = typeof arbCase extends fc.Arbitrary<infer R> ? R : never;

function build(c: Case) {
  const booked: Times = { start: at(c.base, 0), end: at(c.base, c.bookedMinutes), breakMinutes: c.bookedBreak };
  const claim: Times = {
    start: at(c.base, c.startDrift),
    end: at(c.base, c.startDrift + c.claimMinutes),
    breakMinutes: c.claimBreak,
  };
  const now = new Date(Date.parse(claim.end) + c.nowAfterEnd * MIN);
  return { booked, claim, now };
}

describe('claimIssues', () => {
  it('takes exactly the claims that start within 2 hours, run at most 4 hours over and have ended (property)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const { booked, claim, now } = build(c);
        const issues = claimIssues(booked, claim, now);
        const sound = c.claimMinutes > 0 && c.claimBreak < c.claimMinutes;
        const ok =
          sound && Math.abs(c.startDrift) <= 120 && c.claimMinutes - c.bookedMinutes <= 240 && c.nowAfterEnd >= 0;
        expect(issues.length === 0).toBe(ok);
        for (const i of issues) expect(['body.start', 'body.end', 'body.breakMinutes']).toContain(i.path);
        if (Math.abs(c.startDrift) > 120) expect(issues.map((i) => i.path)).toContain('body.start');
      }),
      { numRuns: 500 },
    );
  });

  it('refuses the 20-hour day and the claim ending in the future, each at body.end', () => {
    const booked: Times = { start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T17:00:00.000Z', breakMinutes: 30 };
    const now = new Date('2026-12-02T12:00:00Z');
    expect(claimIssues(booked, { ...booked, end: '2026-12-02T05:00:00.000Z' }, now)).toEqual([
      { path: 'body.end', message: expect.stringMatching(/4 hours/) },
    ]);
    expect(claimIssues(booked, booked, new Date('2026-12-01T16:59:00Z'))).toEqual([
      { path: 'body.end', message: 'must not be in the future' },
    ]);
  });
});

describe('variance', () => {
  it('is the paid minutes and pay over the booking, nought for the booking itself, its pay in step with its minutes (property)', () => {
    fc.assert(
      fc.property(arbCase, fc.integer({ min: 0, max: 20_000 }), (c, rate) => {
        const { booked, claim } = build(c);
        fc.pre(c.claimMinutes > c.claimBreak);
        const v = variance(booked, claim, rate, 1.5);
        const paid = (t: Times) => Math.max(0, (Date.parse(t.end) - Date.parse(t.start)) / MIN - t.breakMinutes);
        expect(v.minutes).toBe(paid(claim) - paid(booked));
        expect(variance(booked, booked, rate, 1.5)).toEqual({ minutes: 0, pence: 0 });
        expect(Math.sign(v.pence) * Math.sign(v.minutes)).toBeGreaterThanOrEqual(0);
        // The uplift follows the booked day on both sides, so the difference is priced at one rate.
        const perMinute = computePay({ ...booked, hourlyRatePence: rate, bankHolidayUplift: 1.5 }).bankHoliday
          ? (rate * 1.5) / 60
          : rate / 60;
        expect(Math.abs(v.pence - v.minutes * perMinute)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('withinTolerance', () => {
  it('trusts only claims whose ends are each within the tolerance and whose break is at least the booked one (property)', () => {
    fc.assert(
      fc.property(arbCase, fc.integer({ min: 0, max: 60 }), (c, tolerance) => {
        const { booked, claim } = build(c);
        const endDrift = c.startDrift + c.claimMinutes - c.bookedMinutes;
        expect(withinTolerance(booked, claim, tolerance)).toBe(
          Math.abs(c.startDrift) <= tolerance && Math.abs(endDrift) <= tolerance && c.claimBreak >= c.bookedBreak,
        );
        if (withinTolerance(booked, claim, tolerance) && c.claimMinutes > c.claimBreak) {
          expect(variance(booked, claim, 9000, 1.5).minutes).toBeLessThanOrEqual(2 * tolerance);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('approvableOnTrust', () => {
  it('is withinTolerance for a claim of hours alone, and never for one with mileage or expenses (property)', () => {
    fc.assert(
      fc.property(arbCase, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 2 }), (c, tolerance, extra) => {
        const { booked, claim } = build(c);
        const extras = [{}, { mileageMiles: 0.1 }, { expenses: [{ description: 'Parking', amountPence: 1 }] }][extra]!;
        expect(approvableOnTrust(booked, { ...claim, ...extras }, tolerance)).toBe(
          extra === 0 && withinTolerance(booked, claim, tolerance),
        );
      }),
      { numRuns: 300 },
    );
    // Zero miles and an empty list claim nothing extra.
    const booked: Times = { start: at(BASES[0]!, 0), end: at(BASES[0]!, 480), breakMinutes: 30 };
    expect(approvableOnTrust(booked, { ...booked, mileageMiles: 0, expenses: [] }, 15)).toBe(true);
  });
});

describe('mileage and expenses', () => {
  it('pays 45p a mile in whole pence, half a penny up, never less for more miles (property)', () => {
    expect(mileagePence(1)).toBe(45);
    expect(mileagePence(12.5)).toBe(563);
    expect(mileagePence(0.1)).toBe(5);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 100 }), (tenths, more) => {
        const pence = mileagePence(tenths / 10);
        expect(Number.isSafeInteger(pence)).toBe(true);
        expect(pence).toBe(Math.floor((tenths * 45 + 5) / 10));
        expect(mileagePence((tenths + more) / 10)).toBeGreaterThanOrEqual(pence);
      }),
    );
    expect(extrasPence({ mileageMiles: 10, expenses: [{ description: 'Parking', amountPence: 650 }] })).toBe(1100);
    expect(extrasPence({})).toBe(0);
  });
});
