import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionsOf, INVOICE_MAX_LINES, packInvoices } from '../../lib/store/invoices';
import { MAX_TRANSACT_ITEMS } from '../../lib/store/transact';

const part = (clinicianId: string, lines: number, tag: string) => ({
  clinicianId,
  tag,
  timesheets: Array.from({ length: lines }, (_, i) => ({ id: `${tag}-${i}` })),
});

const parts = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: INVOICE_MAX_LINES })), { maxLength: 120 })
  .map((xs) => xs.map(([c, lines], i) => part(`cln-${c}`, lines, `p${i}`)));

describe('packing invoices into transactions', () => {
  it('places every invoice once, no transaction over the limit, each clinician in one lane', () => {
    fc.assert(
      fc.property(parts, fc.integer({ min: 1, max: 4 }), (input, lanes) => {
        const packed = packInvoices(input, lanes);
        expect(packed).toHaveLength(lanes);
        const placed = packed.flat(2).map((p) => p.tag);
        expect(placed.sort()).toEqual(input.map((p) => p.tag).sort());
        for (const lane of packed) for (const t of lane) expect(actionsOf(t)).toBeLessThanOrEqual(MAX_TRANSACT_ITEMS);
        const laneOf = new Map<string, number>();
        packed.forEach((lane, i) => {
          for (const p of lane.flat()) {
            expect(laneOf.get(p.clinicianId) ?? i).toBe(i);
            laneOf.set(p.clinicianId, i);
          }
        });
      }),
    );
  });

  it('fills transactions: three invoices of 25 lines for different clinicians share one', () => {
    const packed = packInvoices([part('a', 25, 'a'), part('b', 25, 'b'), part('c', 25, 'c'), part('d', 25, 'd')], 1);
    // 3 × (25 lines + the invoice + a counter) = 81 actions; a fourth would make 108.
    expect(packed[0]!.map((t) => t.length)).toEqual([3, 1]);
  });

  it('counts a clinician’s counter once however many of their invoices a transaction holds', () => {
    expect(actionsOf([part('a', 10, 'x'), part('a', 20, 'y'), part('b', 5, 'z')])).toBe(10 + 20 + 5 + 3 + 2);
    // A full invoice, its put and its counter: exactly the limit.
    expect(actionsOf([part('a', INVOICE_MAX_LINES, 'x')])).toBe(MAX_TRANSACT_ITEMS);
  });
});
