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
 * Who gets the next wave: everyone at once when the cascade is 0 minutes;
 * otherwise the first wave takes every preferred clinician and the
 * best-ranked up to the wave size, and each later wave the next best.
 */
export function nextWave<T extends { preferred: boolean }>(
  pool: readonly T[],
  wave: number,
  cascadeMinutes: number,
  size = WAVE_SIZE,
): T[] {
  if (cascadeMinutes === 0) return [...pool];
  const preferred = wave === 1 ? pool.filter((c) => c.preferred).length : 0;
  return pool.slice(0, Math.max(size, preferred));
}
