import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteSpec } from '../../lib/routes/index';
import { openApiDocument } from '../../lib/routes/openapi';

const document = openApiDocument();
type Json = Record<string, any>;
const operations = () =>
  Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  return out;
}

function propertyNames(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const n of node) propertyNames(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && v && typeof v === 'object') for (const name of Object.keys(v)) out.add(name);
      propertyNames(v, out);
    }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'rota-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by @seriousme/openapi-schema-validator', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('passes `redocly lint` with the recommended rules, without an error or a warning', async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const redocly = resolve(import.meta.dirname, '../../node_modules/.bin/redocly');
    const run = await promisify(execFile)(redocly, ['lint', file, '--extends=recommended', '--format=json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout: string; stderr: string }) => error);
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('keeps every named schema once under components.schemas, and every reference resolves there', () => {
    const all = refs(document);
    expect(all.length).toBeGreaterThan(30);
    const schemas = document.components.schemas as Record<string, unknown>;
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\/[A-Za-z]+$/);
      expect(schemas[ref.split('/').at(-1)!], ref).toBeDefined();
    }
    expect(JSON.stringify(document)).not.toContain('$defs');
  });

  it('declares every deployed route with a tag, a summary and an operation id', () => {
    const keys = operations().map((o) => o.key);
    const deployed = (ROUTES as readonly RouteSpec[]).filter((r) => !r.localOnly);
    expect(keys.sort()).toEqual(deployed.map((r) => `${r.method} ${r.path}`).sort());
    for (const { key, op } of operations()) {
      expect(op.summary, key).toEqual(expect.any(String));
      expect(op.tags?.length, key).toBeGreaterThan(0);
      expect(op.operationId, key).toEqual(expect.any(String));
    }
    expect(document.servers.length).toBeGreaterThan(0);
  });

  it('gives every request body an example that its own schema accepts', () => {
    for (const route of ROUTES as readonly RouteSpec[]) {
      if (!route.body) continue;
      const op = (document.paths as Json)[route.path][route.method.toLowerCase()];
      const example = op.requestBody.content['application/json'].example;
      expect(example, route.path).toBeDefined();
      const parsed = route.body.safeParse(example);
      // A shift example dated in the past is still the right shape; only the use case refuses the date.
      expect(parsed.error?.issues ?? [], `${route.method} ${route.path}`).toEqual([]);
    }
  });

  it('takes no body at all wherever it takes an empty one, and says so (requestBody not required)', () => {
    const takesEmpty = (ROUTES as readonly RouteSpec[]).filter((r) => r.body?.safeParse({}).success);
    expect(takesEmpty.map((r) => `${r.method} ${r.path}`)).toContain('POST /bookings/{id}/timesheet');
    for (const route of takesEmpty) {
      expect(route.body!.safeParse(undefined).success, `${route.method} ${route.path}`).toBe(true);
      const op = (document.paths as Json)[route.path][route.method.toLowerCase()];
      expect(op.requestBody.required, `${route.method} ${route.path}`).toBe(false);
    }
  });

  it('declares files with their real media types: CSV as text/csv, calendars as text/calendar', () => {
    const content = (path: string) => (document.paths as Json)[path].get.responses['200'].content;
    expect(Object.keys(content('/payroll/exports/{id}/csv'))).toEqual(['text/csv']);
    expect(Object.keys(content('/clinicians/{id}/calendar.ics'))).toEqual(['text/calendar']);
    expect(Object.keys(content('/calendar-feeds/{token}/calendar.ics'))).toEqual(['text/calendar']);
    expect((document.paths as Json)['/payroll/exports/{id}/csv'].get.responses['302'].headers.location).toBeDefined();
  });

  it('declares 429 and 500 on every operation, and 401/403 only where a token is needed', () => {
    for (const { key, op } of operations()) {
      expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(['429', '500']));
      const open = (op.security as unknown[]).length === 0;
      expect('401' in op.responses, key).toBe(!open);
    }
    const me = (document.paths as Json)['/me'].get.responses;
    expect(Object.keys(me).sort()).toEqual(['200', '401', '429', '500']);
    const accept = (document.paths as Json)['/offers/{id}/accept'].post.responses;
    expect(Object.keys(accept)).toEqual(expect.arrayContaining(['409', '410']));
    expect((document.paths as Json)['/shifts'].get.responses['410']).toBeUndefined();
  });

  it('names no storage internal in any reply, and the organisation only in GET /me', () => {
    const internals = [
      'PK',
      'SK',
      'GSI1PK',
      'GSI1SK',
      'GSI2PK',
      'GSI2SK',
      'round',
      'ttl',
      'type',
      'claim',
      'claimToken',
    ];
    for (const { key, op } of operations()) {
      const names = propertyNames(
        (Object.values(op.responses) as Json[]).map((r) => r.content?.['application/json']?.schema),
      );
      const seen = new Set<string>();
      const follow = (node: unknown) => {
        for (const ref of refs(node)) {
          const name = ref.split('/').at(-1)!;
          if (seen.has(name)) continue;
          seen.add(name);
          const schema = (document.components.schemas as Json)[name];
          propertyNames(schema, names);
          follow(schema);
        }
      };
      follow(op.responses);
      for (const internal of internals) {
        // API.md v1.1 names a document's kind `type`; the presenter builds it from the stored `docType`.
        if (internal === 'type' && key.includes('/documents')) continue;
        expect(names.has(internal), `${key} declares ${internal}`).toBe(false);
      }
      expect(names.has('orgId'), `${key} declares orgId`).toBe(key === 'GET /me');
    }
  });
});
