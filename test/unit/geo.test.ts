import fc from 'fast-check';
import ngeohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import {
  CELL_PRECISION,
  cellOf,
  cellsCovering,
  distanceKm,
  distanceToCellKm,
  EARTH_RADIUS_KM,
  MAX_TRAVEL_KM,
  travelRadiusKm,
} from '../../lib/domain/geo';
import type { GeoPoint } from '../../lib/domain/types';

const yeovil = { lat: 50.9421, lon: -2.6336 };
const chard = { lat: 50.872, lon: -2.964 };

/** The point `d` km from `p` on the initial bearing `theta` (radians): an independent way to place points on a circle. */
function destination(p: GeoPoint, d: number, theta: number): GeoPoint {
  const rad = Math.PI / 180;
  const delta = d / EARTH_RADIUS_KM;
  const phi1 = p.lat * rad;
  const lambda1 = p.lon * rad;
  const phi2 = Math.asin(Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta));
  const lambda2 =
    lambda1 +
    Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1), Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2));
  return { lat: phi2 / rad, lon: lambda2 / rad };
}

const britishCentre = fc.record({
  lat: fc.double({ min: 50, max: 56, noNaN: true }),
  lon: fc.double({ min: -5.5, max: 1.5, noNaN: true }),
});

describe('distanceKm', () => {
  it('measures one degree of latitude as the mean radius times pi over 180', () => {
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo((EARTH_RADIUS_KM * Math.PI) / 180, 6);
  });

  it('puts Yeovil about 25 km from Chard, the same both ways', () => {
    const there = distanceKm(yeovil, chard);
    expect(there).toBeGreaterThan(24);
    expect(there).toBeLessThan(26);
    expect(distanceKm(chard, yeovil)).toBeCloseTo(there, 9);
  });

  it('agrees with the distance a point was placed at', () => {
    fc.assert(
      fc.property(
        britishCentre,
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (c, d, theta) => {
          expect(distanceKm(c, destination(c, d, theta))).toBeCloseTo(d, 6);
        },
      ),
    );
  });
});

describe('travelRadiusKm', () => {
  it('caps a long travel limit at the index radius and treats nonsense as zero', () => {
    expect(travelRadiusKm(30)).toBe(30);
    expect(travelRadiusKm(250)).toBe(MAX_TRAVEL_KM);
    expect(travelRadiusKm(-5)).toBe(0);
    expect(travelRadiusKm(Number.NaN)).toBe(0);
  });
});

describe('cellOf', () => {
  it('names the precision-4 geohash cell that holds the point', () => {
    const cell = cellOf(yeovil);
    expect(cell).toHaveLength(CELL_PRECISION);
    const [minLat, minLon, maxLat, maxLon] = ngeohash.decode_bbox(cell);
    expect(yeovil.lat).toBeGreaterThanOrEqual(minLat);
    expect(yeovil.lat).toBeLessThanOrEqual(maxLat);
    expect(yeovil.lon).toBeGreaterThanOrEqual(minLon);
    expect(yeovil.lon).toBeLessThanOrEqual(maxLon);
  });
});

describe('cellsCovering', () => {
  it('always holds the centre cell, even for a zero radius', () => {
    expect(cellsCovering(yeovil, 0)).toEqual([cellOf(yeovil)]);
    expect(cellsCovering(yeovil, 15)).toContain(cellOf(yeovil));
  });

  it('returns cells sorted and without repeats', () => {
    const cells = cellsCovering(yeovil, 60);
    expect(cells).toEqual([...new Set(cells)].sort());
  });

  it('reaches Chard from Yeovil at 30 km but not with a 5 km radius when they sit in different cells', () => {
    expect(cellOf(chard)).not.toBe(cellOf(yeovil));
    expect(cellsCovering(yeovil, 30)).toContain(cellOf(chard));
    expect(cellsCovering(yeovil, 5)).not.toContain(cellOf(chard));
  });

  it('caps the radius at 100 km', () => {
    expect(cellsCovering(yeovil, 500)).toEqual(cellsCovering(yeovil, MAX_TRAVEL_KM));
  });

  it('stays tight: about a hundred cells for the largest circle in England, not the whole bounding box', () => {
    const cells = cellsCovering({ lat: 52.5, lon: -1.5 }, MAX_TRAVEL_KM);
    // The circle's area over a cell's (≈ 24 km × 19.5 km) is ≈ 67; the bounding box alone would be ≈ 110.
    expect(cells.length).toBeGreaterThan(60);
    expect(cells.length).toBeLessThan(105);
  });

  it('includes the cell of every point within the radius (Great Britain, 1-100 km)', () => {
    fc.assert(
      fc.property(
        britishCentre,
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (centre, radius, fraction, theta) => {
          const p = destination(centre, radius * fraction, theta);
          if (distanceKm(centre, p) > radius) return; // rounding put it just outside
          expect(cellsCovering(centre, radius)).toContain(cellOf(p));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('includes the cell of a point right on the circle, the hardest case', () => {
    fc.assert(
      fc.property(
        britishCentre,
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (centre, radius, theta) => {
          const p = destination(centre, radius * (1 - 1e-9), theta);
          expect(cellsCovering(centre, radius)).toContain(cellOf(p));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('returns only cells that really come within the radius', () => {
    fc.assert(
      fc.property(britishCentre, fc.double({ min: 1, max: 100, noNaN: true }), (centre, radius) => {
        for (const cell of cellsCovering(centre, radius)) {
          // Sample the cell densely (≈ 250 m); some sample must lie within the radius plus that spacing.
          const [minLat, minLon, maxLat, maxLon] = ngeohash.decode_bbox(cell);
          let nearest = Number.POSITIVE_INFINITY;
          const steps = 100;
          for (let i = 0; i <= steps; i++) {
            for (let j = 0; j <= steps; j++) {
              const lat = minLat + ((maxLat - minLat) * i) / steps;
              const lon = minLon + ((maxLon - minLon) * j) / steps;
              nearest = Math.min(nearest, distanceKm(centre, { lat, lon }));
            }
          }
          expect(nearest).toBeLessThanOrEqual(radius + 0.3);
          expect(distanceToCellKm(centre, cell)).toBeLessThanOrEqual(nearest + 1e-9);
        }
      }),
      { numRuns: 10 },
    );
  });
});
