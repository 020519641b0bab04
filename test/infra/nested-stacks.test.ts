import { beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES_PER_ROUTE, ROUTES_PER_STACK, routeStacks } from '../../cdk/constructs/api';
import { ROUTES, type Route, type RouteSpec, routeKey } from '../../lib/routes/index';
import { type Synthesised, synthesise } from './support';

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

const DEPLOYED = (ROUTES as readonly RouteSpec[]).filter((r) => !r.localOnly);
const ROOT_LIMIT = 200;
const NESTED_LIMIT = 400;

const countOf = (template: { toJSON(): Json }) => Object.keys(template.toJSON().Resources).length;
const routeKeysIn = (template: { toJSON(): Json }): string[] =>
  Object.values(template.toJSON().Resources as Record<string, Json>)
    .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
    .map((r) => r.Properties.RouteKey);

/** Every route again, at its own path and handler, in its own area: the route table at twice its size. */
const doubled = (routes: readonly RouteSpec[]): RouteSpec[] => [
  ...routes,
  ...routes.map((r) => ({ ...r, path: `/grown${r.path}`, handler: `${r.handler}-grown` })),
];

let synthesised: Synthesised;
beforeAll(() => {
  synthesised = synthesise();
});

describe('the API routes in nested stacks, today', () => {
  it(`keeps the root stack under ${ROOT_LIMIT} resources and each nested stack under ${NESTED_LIMIT}`, () => {
    expect(countOf(synthesised.template)).toBeLessThan(ROOT_LIMIT);
    expect(synthesised.nested.size).toBeGreaterThan(1);
    for (const [path, template] of synthesised.nested) expect(countOf(template), path).toBeLessThan(NESTED_LIMIT);
  });

  it('holds every deployed route, and its function, in the nested stack of its area, and none in the root', () => {
    expect(routeKeysIn(synthesised.template)).toEqual([]);
    const rootFunctions = Object.values(synthesised.template.toJSON().Resources as Record<string, Json>).filter(
      (r) => r.Type === 'AWS::Lambda::Function',
    );
    // The event functions (outbox, inbound SMS, schedule, payroll export, report totals) and CDK's own.
    expect(rootFunctions.length).toBeLessThan(10);
    for (const [stackId, routes] of routeStacks(DEPLOYED)) {
      const template = synthesised.nested.get(`RotaBank/Api/${stackId}`);
      expect(template, stackId).toBeDefined();
      expect(routeKeysIn(template!).sort(), stackId).toEqual(routes.map(routeKey).sort());
      const resources = Object.values(template!.toJSON().Resources as Record<string, Json>);
      expect(
        resources.filter((r) => r.Type === 'AWS::Lambda::Function'),
        stackId,
      ).toHaveLength(routes.length);
      // What a route costs its stack, the figure the limits below are worked out from.
      expect(resources, stackId).toHaveLength(routes.length * RESOURCES_PER_ROUTE);
    }
    const all = [...synthesised.nested.values()].flatMap(routeKeysIn);
    expect(all.sort()).toEqual(DEPLOYED.map(routeKey).sort());
  });

  it('groups by area: every route in a nested stack shares its first tag', () => {
    for (const [stackId, routes] of routeStacks(DEPLOYED)) {
      expect(new Set(routes.map((r) => (r as RouteSpec).tags[0])).size, stackId).toBe(1);
    }
  });
});

describe('the route stacks as the route table grows', () => {
  it('fits a nested stack of ROUTES_PER_STACK routes well under the limit', () => {
    expect(ROUTES_PER_STACK * RESOURCES_PER_ROUTE).toBeLessThan(NESTED_LIMIT);
  });

  it('continues an area past ROUTES_PER_STACK in further stacks, keeping earlier routes where they were', () => {
    const health = DEPLOYED[0]!;
    const many = (n: number): Route[] =>
      Array.from({ length: n }, (_, i) => ({ ...health, path: `/many/${i}`, handler: `http/many-${i}` }));
    const before = routeStacks(many(ROUTES_PER_STACK));
    const after = routeStacks(many(ROUTES_PER_STACK * 2 + 3));
    expect([...before.keys()]).toEqual(['SystemRoutes']);
    expect([...after.keys()]).toEqual(['SystemRoutes', 'SystemRoutes2', 'SystemRoutes3']);
    expect(after.get('SystemRoutes')!.map(routeKey)).toEqual(before.get('SystemRoutes')!.map(routeKey));
    expect(after.get('SystemRoutes3')).toHaveLength(3);
  });

  it('leaves no local-only route in any stack', () => {
    const stacks = routeStacks([...DEPLOYED, { ...DEPLOYED[0]!, path: '/dev/clock', localOnly: true }]);
    expect([...stacks.values()].flat().map(routeKey)).not.toContain('GET /dev/clock');
  });

  describe(`at twice today's ${DEPLOYED.length} routes (synthesised)`, () => {
    let grown: Synthesised;
    beforeAll(() => {
      grown = synthesise({ routes: doubled(DEPLOYED) });
    });

    it(`still keeps the root under ${ROOT_LIMIT} resources and each nested stack under ${NESTED_LIMIT}`, () => {
      const routes = Object.values(grown.resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
      expect(routes).toHaveLength(DEPLOYED.length * 2);
      expect(countOf(grown.template)).toBeLessThan(ROOT_LIMIT);
      for (const [path, template] of grown.nested) expect(countOf(template), path).toBeLessThan(NESTED_LIMIT);
    });

    it('grows the root only by the grouped alarms (two per ten more functions), not by the routes', () => {
      expect(grown.nested.size).toBe(synthesised.nested.size);
      const added = countOf(grown.template) - countOf(synthesised.template);
      expect(added).toBeLessThanOrEqual(2 * Math.ceil(DEPLOYED.length / 10) + 2);
    });
  });
});
