import ngeohash from 'ngeohash';
import type { GeoPoint } from './types';

/** Mean Earth radius (IUGG), so distances agree with the usual haversine tools. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * Precision-4 cells are about 39 km × 20 km at British latitudes: a 100 km
 * travel circle touches roughly a hundred of them, a 10 km one a handful.
 */
export const CELL_PRECISION = 4;

/** No clinician is indexed, or judged, beyond this radius whatever they ask for. */
export const MAX_TRAVEL_KM = 100;

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;
/** Absorbs rounding so a point exactly on the circle never loses its cell. */
const SLACK_KM = 1e-6;

/** How fast the TRAVEL rule takes a clinician to drive between sites, as the crow flies. */
export const DRIVE_KM_PER_HOUR = 40;
/** Drives are rounded up to this many minutes. */
export const DRIVE_ROUNDING_MINUTES = 5;

/**
 * Minutes to drive between two sites for the TRAVEL rule: great-circle
 * kilometres at {@link DRIVE_KM_PER_HOUR}, rounded up to a multiple of
 * {@link DRIVE_ROUNDING_MINUTES} (0 for the same place).
 */
export function driveMinutes(a: GeoPoint, b: GeoPoint): number {
  // To the microsecond first, so floating-point dust (two points a few
  // nanometres apart) does not round up to a whole five minutes.
  const minutes = Math.round((distanceKm(a, b) / DRIVE_KM_PER_HOUR) * 60 * 1e6) / 1e6;
  return Math.ceil(minutes / DRIVE_ROUNDING_MINUTES) * DRIVE_ROUNDING_MINUTES;
}

/** Great-circle distance by the haversine formula. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/**
 * The radius a clinician is matched within: their own limit, but never more
 * than {@link MAX_TRAVEL_KM}, so the location index and the eligibility rule
 * agree on who is near a practice.
 */
export function travelRadiusKm(maxTravelKm: number): number {
  if (!Number.isFinite(maxTravelKm) || maxTravelKm <= 0) return 0;
  return Math.min(maxTravelKm, MAX_TRAVEL_KM);
}

/** The location-index cell a point falls in. */
export function cellOf(p: GeoPoint): string {
  return ngeohash.encode(p.lat, p.lon, CELL_PRECISION);
}

/**
 * Every precision-4 cell that the circle touches, sorted and unique. A
 * clinician is written to each of these cells so that matching for a
 * practice reads only the practice's own cell. Radii are capped at
 * {@link MAX_TRAVEL_KM}. Meant for circles that neither reach a pole nor cross
 * the antimeridian, which holds for anywhere in the United Kingdom.
 */
export function cellsCovering(centre: GeoPoint, radiusKm: number): string[] {
  const r = travelRadiusKm(radiusKm);
  const angular = r / EARTH_RADIUS_KM;
  const dLat = angular * DEG;
  const cosLat = Math.cos(centre.lat * RAD);
  // The widest longitude a spherical cap reaches, not r / (R cos φ), which is short of it.
  const dLon = cosLat > 0 && Math.sin(angular) < cosLat ? Math.asin(Math.sin(angular) / cosLat) * DEG : 180;
  const eps = 1e-9;
  const candidates = ngeohash.bboxes(
    Math.max(-90, centre.lat - dLat - eps),
    Math.max(-180, centre.lon - dLon - eps),
    Math.min(90, centre.lat + dLat + eps),
    Math.min(180, centre.lon + dLon + eps),
    CELL_PRECISION,
  );
  const cells = new Set<string>();
  for (const cell of candidates) {
    if (distanceToCellKm(centre, cell) <= r + SLACK_KM) cells.add(cell);
  }
  return [...cells].sort();
}

/**
 * Shortest great-circle distance from a point to a geohash cell (0 inside it).
 * Along a parallel the nearest point is the clamped longitude; along a
 * meridian it is the foot of the perpendicular great circle, which lies
 * poleward of the point's own latitude, so clamping both coordinates
 * independently would overstate the distance and drop cells the circle does
 * touch.
 */
export function distanceToCellKm(p: GeoPoint, cell: string): number {
  const [minLat, minLon, maxLat, maxLon] = ngeohash.decode_bbox(cell);
  const insideLat = p.lat >= minLat && p.lat <= maxLat;
  const insideLon = p.lon >= minLon && p.lon <= maxLon;
  if (insideLat && insideLon) return 0;
  const lon = clamp(p.lon, minLon, maxLon);
  let best = Math.min(distanceKm(p, { lat: minLat, lon }), distanceKm(p, { lat: maxLat, lon }));
  for (const edgeLon of [minLon, maxLon]) {
    const cosD = Math.cos((edgeLon - p.lon) * RAD);
    if (cosD <= 0) continue;
    const foot = Math.atan(Math.tan(p.lat * RAD) / cosD) * DEG;
    best = Math.min(best, distanceKm(p, { lat: clamp(foot, minLat, maxLat), lon: edgeLon }));
  }
  return best;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}
