import { describe, expect, it } from 'vitest';
import type { Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { cancelShift } from '../../lib/use-cases/cancellations';
import { declineOffer } from '../../lib/use-cases/offers';
import { postShift } from '../../lib/use-cases/shifts';
import { asClinician, clinician, manager, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

const body = (p: Practice, start: string, end: string) => ({
  practiceId: p.id,
  role: 'gp' as const,
  skills: [],
  start,
  end,
  breakMinutes: 0,
  hourlyRatePence: 9000,
  cascadeMinutes: 0,
});

/**
 * Runs `between` once, just before the first transaction whose request names
 * `marker` is sent: another request committing between a use case's read and
 * its write.
 */
function beforeTransaction(deps: TestDeps, marker: string, between: () => Promise<unknown>) {
  let ran = false;
  deps.db.middlewareStack.add(
    (next, context) => async (args) => {
      if (!ran && context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes(marker)) {
        ran = true;
        await between();
      }
      return next(args);
    },
    { step: 'initialize', name: `before-${marker}` },
  );
}

// The accept no longer changes the offer: the window between its read and its write, and between its write
// and the relay marking the offer accepted, must not let a decline through nor tell anyone twice.
describe('the window an accept leaves before the relay settles its booking', () => {
  it('does not book an offer the clinician declined between the accept’s read and its write', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const doc = clinician();
    await seed(deps, [surgery], [doc]);
    const { shift, offers } = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-15T08:30:00.000Z', '2026-12-15T12:30:00.000Z'),
      deps,
    );
    const offer = offers[0]!;
    const caller = asClinician(doc);
    // The decline (from another tab, or a NO by text) commits after the accept has read the offer as live.
    let declined: unknown;
    beforeTransaction(deps, 'BOOKING', async () => {
      declined = await declineOffer(caller, offer.id, deps);
    });
    const accepted = await acceptOffer(caller, offer.id, deps).then(
      (b) => b,
      (e: unknown) => e,
    );
    expect(declined).toMatchObject({ status: 'declined' });
    // The clinician was told "declined": they must not also be booked.
    expect(accepted).toMatchObject({ code: 'OFFER_EXPIRED', status: 410 });
    expect(await deps.shifts.get(shift.orgId, shift.id, true)).toMatchObject({ status: 'open' });
  });

  it('does not answer "declined" to a decline whose write comes after an accept of the same offer', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const doc = clinician();
    await seed(deps, [surgery], [doc]);
    const { offers } = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-17T08:30:00.000Z', '2026-12-17T12:30:00.000Z'),
      deps,
    );
    const offer = offers[0]!;
    const caller = asClinician(doc);
    // The decline has read the offer and the shift (still open) when the accept commits.
    let booked: unknown;
    beforeTransaction(deps, 'offer-declined', async () => {
      booked = await acceptOffer(caller, offer.id, deps);
    });
    const declined = await declineOffer(caller, offer.id, deps).then(
      (o) => o,
      (e: unknown) => e,
    );
    expect(booked).toMatchObject({ status: 'confirmed', offerId: offer.id });
    expect(declined).toMatchObject({ code: 'INVALID_STATE', status: 409 });
  });

  it('tells a booked clinician once that their shift was cancelled, when the manager cancels before the relay settles', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const [doc, other] = [clinician(), clinician()];
    await seed(deps, [surgery], [doc!, other!]);
    const m = manager([surgery.id]);
    const { shift, offers } = await postShift(
      m,
      body(surgery, '2026-12-16T08:30:00.000Z', '2026-12-16T12:30:00.000Z'),
      deps,
    );
    const booking = await acceptOffer(asClinician(doc!), offers.find((o) => o.clinicianId === doc!.id)!.id, deps);
    await cancelShift(m, shift.id, 'Practice closed', deps);
    // The cancellation's records reach the relay before the booking's (another shard, or a relay backlog).
    const first = await deliverOutbox(deps, (r) => r.id !== `booked-${booking.id}`);
    const rest = await deliverOutbox(deps);
    const toDoc = [...first, ...rest].filter(
      (msg) => msg.kind === 'shift-cancelled' && (msg.to === doc!.phone || msg.to === doc!.email),
    );
    expect(toDoc).toHaveLength(1);
    const toOther = [...first, ...rest].filter((msg) => msg.kind === 'shift-cancelled' && msg.to === other!.phone);
    expect(toOther).toHaveLength(1);
  });
});
