import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as z from 'zod';
import { loadEvent } from '../../events';
import { type HttpEvent, httpHandler } from '../../lib/http/handler';
import { defineRoute } from '../../lib/http/route';
import { countMetric, METRIC, metrics, timeToFillMetric, withMetrics } from '../../lib/metrics';

const TEST_ROUTE = defineRoute<{ 201: z.ZodObject }>()({
  method: 'POST',
  path: '/shifts',
  handler: 'http/create-shift',
  access: 'public',
  summary: 'Test route',
  tags: ['Test'],
});

interface EmfBlob {
  _aws: {
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  service: string;
  [metric: string]: unknown;
}

let written: string[];

/** Every EMF blob written to stdout or stderr since the test began. */
const blobs = (): EmfBlob[] =>
  written
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfBlob);

beforeEach(() => {
  written = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
});

afterEach(() => {
  metrics.clearMetrics();
  vi.restoreAllMocks();
});

const context = { functionName: 'create-shift', awsRequestId: 'req-1' } as Context;

describe('business metrics', () => {
  it('an HTTP invocation flushes what it counted as one EMF blob in the RotaBank namespace, by service', async () => {
    const handler = httpHandler(TEST_ROUTE, async () => {
      countMetric(METRIC.bookingMade);
      timeToFillMetric('2026-12-01T09:00:00.000Z', '2026-12-01T10:30:00.000Z');
      return { status: 201, body: {} };
    });
    const reply = await handler(loadEvent<HttpEvent>('http-post-shifts'), context);
    expect(reply.statusCode).toBe(201);

    const [blob, ...rest] = blobs();
    expect(rest).toEqual([]);
    const directive = blob!._aws.CloudWatchMetrics[0]!;
    expect(directive.Namespace).toBe('RotaBank');
    expect(directive.Dimensions).toEqual([['service']]);
    expect(blob!.service).toBe('rota-bank');
    expect(directive.Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'BookingMade', Unit: 'Count' },
        { Name: 'TimeToFill', Unit: 'None' },
      ]),
    );
    expect(blob!.BookingMade).toBe(1);
    expect(blob!.TimeToFill).toBe(90);
  });

  it('an invocation that counted nothing writes nothing, not even a warning', async () => {
    const handler = httpHandler(TEST_ROUTE, async () => ({ status: 201, body: {} }));
    await handler(loadEvent<HttpEvent>('http-post-shifts'), context);
    expect(blobs()).toEqual([]);
    expect(written.join('')).not.toContain('No application metrics');
  });

  it('a stream or schedule handler flushes its metrics even when it throws, so a failed run still counts', async () => {
    const handler = withMetrics(async (texts: number) => {
      countMetric(METRIC.textSent, texts);
      countMetric(METRIC.textRefused);
      throw new Error('SNS is down');
    });
    await expect(handler(3)).rejects.toThrow('SNS is down');
    const [blob] = blobs();
    expect(blob!.TextSent).toBe(3);
    expect(blob!.TextRefused).toBe(1);
    // Flushed means cleared: the next invocation starts from nothing.
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('leaves out a time to fill that makes no sense rather than graphing it', () => {
    timeToFillMetric('2026-12-01T10:00:00.000Z', '2026-12-01T09:00:00.000Z');
    timeToFillMetric('not a time', '2026-12-01T09:00:00.000Z');
    expect(metrics.hasStoredMetrics()).toBe(false);
  });
});
