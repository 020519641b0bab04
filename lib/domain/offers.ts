import type { Offer, OfferStatus, Shift } from './types';

/**
 * What an offer really is now. Stored status changes only when the clinician
 * acts on it; a shift that filled or was cancelled, or has started, ends
 * every offer of it without touching each one.
 */
export function offerState(
  offer: Pick<Offer, 'status' | 'expiresAt' | 'round'>,
  shift: Pick<Shift, 'status' | 'round'>,
  now: Date,
): OfferStatus {
  if (offer.status !== 'live') return offer.status;
  if (shift.status !== 'open' || (offer.round ?? 1) !== (shift.round ?? 1)) return 'withdrawn';
  if (Date.parse(offer.expiresAt) <= now.getTime()) return 'expired';
  return 'live';
}

export const WAVE_SIZE = 10;

/**
 * Who gets the next wave: everyone at once when the cascade is 0 minutes.
 * The pool is ranked with preferred clinicians first; when any is eligible,
 * the first wave is them alone (a manager choosing "preferred first" means
 * nobody else is texted until the cascade moves on); without any it is the
 * best-ranked up to the wave size, and each later wave the next best.
 */
export function nextWave<T extends { preferred: boolean }>(
  pool: readonly T[],
  wave: number,
  cascadeMinutes: number,
  size = WAVE_SIZE,
): T[] {
  if (cascadeMinutes === 0) return [...pool];
  if (wave === 1) {
    const preferred = pool.filter((c) => c.preferred);
    if (preferred.length) return preferred;
  }
  return pool.slice(0, size);
}

/** Every wave the cascade would send from a ranked pool, nobody offered twice: what a preview shows. */
export function cascadePlan<T extends { preferred: boolean }>(
  pool: readonly T[],
  cascadeMinutes: number,
  size = WAVE_SIZE,
): T[][] {
  const waves: T[][] = [];
  let rest = [...pool];
  while (rest.length) {
    const chosen = new Set(nextWave(rest, waves.length + 1, cascadeMinutes, size));
    waves.push(rest.filter((c) => chosen.has(c)));
    rest = rest.filter((c) => !chosen.has(c));
  }
  return waves;
}
