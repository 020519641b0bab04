import { afterEach, describe, expect, it } from 'vitest';
import { deps, overrideEdges, resetDeps } from '../../lib/deps';
import { OfferRepository } from '../../lib/store/offers';
import { ShiftRepository } from '../../lib/store/shifts';

describe('deps', () => {
  afterEach(() => resetDeps());

  it('makes the repositories a handler names and no others', () => {
    const d = deps({ shifts: ShiftRepository });
    expect(d.shifts).toBeInstanceOf(ShiftRepository);
    expect(Object.keys(d).sort()).toEqual(
      [
        'clock',
        'db',
        'exportFiles',
        'exportRunner',
        'newId',
        'publisher',
        'random',
        'scheduler',
        'shifts',
        'table',
        'users',
      ].sort(),
    );
    expect(Object.keys(deps({}))).not.toContain('shifts');
  });

  it('makes each repository once per process, whichever handler names it (the local runtime serves them all)', () => {
    const first = deps({ shifts: ShiftRepository });
    const second = deps({ shifts: ShiftRepository, offers: OfferRepository });
    expect(second.shifts).toBe(first.shifts);
    expect(deps({ offers: OfferRepository }).offers).toBe(second.offers);
  });

  it('makes them again once the process is configured anew', () => {
    const first = deps({ shifts: ShiftRepository }).shifts;
    resetDeps();
    const afterReset = deps({ shifts: ShiftRepository }).shifts;
    expect(afterReset).not.toBe(first);
    overrideEdges({});
    expect(deps({ shifts: ShiftRepository }).shifts).not.toBe(afterReset);
  });

  it('refuses, when compiled, a class under another repository’s key, an unknown key, or a repository it was not given', () => {
    // @ts-expect-error an OfferRepository is not a ShiftRepository
    const wrongClass = () => deps({ shifts: OfferRepository });
    // @ts-expect-error no repository is called `shift`
    const unknownKey = () => deps({ shift: ShiftRepository });
    // @ts-expect-error the handler named the shifts alone
    const notNamed = () => deps({ shifts: ShiftRepository }).offers;
    expect([wrongClass, unknownKey, notNamed]).toHaveLength(3);
  });
});
