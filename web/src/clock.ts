/**
 * The app's "now". Against the local runtime (devTools on) that is the
 * runtime's clock, which `POST /dev/clock` can move to any day: what the app
 * calls today, this week or upcoming must be the day the API reasons about,
 * not the browser's. Elsewhere it is the browser's own clock.
 */
import { api } from './api';

let offsetMs = 0;

/** Now, as the API sees it. */
export const appNow = (): Date => new Date(Date.now() + offsetMs);

/**
 * Reads `GET /dev/clock` and follows it from then on; a runtime without it
 * leaves the browser's clock. True when the app's now moved by more than a
 * second (someone moved the runtime's clock), so what shows "today" can be drawn again.
 */
export async function followRuntimeClock(): Promise<boolean> {
  const before = offsetMs;
  try {
    const sent = Date.now();
    const { now } = await api<{ now: string }>('GET', '/dev/clock');
    const at = Date.parse(now);
    // Half the round trip: the reply was read about then.
    if (Number.isFinite(at)) offsetMs = at - (sent + (Date.now() - sent) / 2);
  } catch {
    offsetMs = 0;
  }
  return Math.abs(offsetMs - before) > 1000;
}
