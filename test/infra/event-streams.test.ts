import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProbe } from '../support/bundle-probe';

/**
 * The Lambda bundles swap the SDK's event-stream support for a stand-in
 * (cdk/lambda/no-event-streams.ts), about 15 KB of every bundle, and the LRU
 * under its endpoint cache for one over a Map (cdk/lambda/map-lru-cache.ts). Built for
 * real through RotaFunction and run against a stand-in endpoint, the clients
 * must still construct and answer as before, and an event-stream operation
 * must fail loudly, naming the stand-in, rather than misbehave.
 */
describe('AWS SDK clients inside a RotaFunction bundle with its stand-ins', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-event-streams-'));
  let probe: ReturnType<typeof buildProbe>;
  let server: Server;
  let endpoint: string;
  const seen: string[] = [];

  beforeAll(async () => {
    probe = buildProbe('sdk-probe', outdir);
    server = createServer(async (req, res) => {
      for await (const _chunk of req) {
        // drained
      }
      const target = req.headers['x-amz-target'];
      seen.push(`${req.method} ${req.url} ${target ?? ''}`.trim());
      if (target === 'DynamoDB_20120810.GetItem') {
        res.setHeader('content-type', 'application/x-amz-json-1.0');
        res.end(JSON.stringify({ Item: { PK: { S: 'CLINICIAN#c1' }, name: { S: 'Dr Asha Patel' } } }));
      } else if (req.method === 'PUT') {
        res.setHeader('etag', '"e1"');
        res.end();
      } else {
        // S3 Select answers with an event stream: a prelude of some bytes is enough to need the marshaller.
        res.setHeader('content-type', 'application/vnd.amazon.eventstream');
        res.end(Buffer.alloc(16));
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => {
    server?.close();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('carries the stand-ins, not the SDK’s event-stream modules nor mnemonist’s LRU', () => {
    const sources = probe.sources();
    expect(sources.some((s) => s.endsWith('cdk/lambda/no-event-streams.ts'))).toBe(true);
    expect(sources.filter((s) => s.includes('submodules/event-streams/'))).toEqual([]);
    // The DynamoDB client's endpoint cache is built on the Map stand-in; the read below goes through it.
    expect(sources.some((s) => s.endsWith('cdk/lambda/map-lru-cache.ts'))).toBe(true);
    expect(sources.filter((s) => s.includes('node_modules/mnemonist/'))).toEqual([]);
  });

  it('reads from DynamoDB and writes to S3 as before, and refuses an event-stream operation by name', async () => {
    const stdout = await probe.invoke({ PROBE_ENDPOINT: endpoint });
    const out = JSON.parse(stdout);
    expect(out.name).toBe('Dr Asha Patel');
    expect(out.etag).toBe('"e1"');
    expect(out.select).toMatch(/event streams are not bundled.*no-event-streams/);
    expect(seen).toEqual([
      'POST / DynamoDB_20120810.GetItem',
      expect.stringMatching(/^PUT \/exports\/e1\.csv/),
      expect.stringMatching(/^POST \/exports\/e1\.csv\?select/),
    ]);
  });
});
