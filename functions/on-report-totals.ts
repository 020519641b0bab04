import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { deps } from '../lib/deps';
import { logger } from '../lib/logger';
import { withMetrics } from '../lib/metrics';
import { matchesTotalsFilter, ReportTotalsStore, type SourceKind } from '../lib/store/report-totals';

interface Source {
  kind: SourceKind;
  orgId: string;
  id: string;
}

function sourceOf(record: DynamoDBRecord): Source | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  if (!image) return undefined;
  try {
    const item = unmarshall(image as Record<string, AttributeValue>);
    if ((item.type === 'SHIFT' || item.type === 'TIMESHEET') && typeof item.orgId === 'string' && item.id) {
      return { kind: item.type, orgId: item.orgId, id: String(item.id) };
    }
  } catch (error) {
    logger.error('Skipping a stream record that does not unmarshall', {
      sequenceNumber: record.dynamodb?.SequenceNumber,
      error: error as Error,
    });
  }
  return undefined;
}

/**
 * Keeps the report totals in line with shifts and timesheets. The images only
 * say which record changed: each is re-read, so the batch's records may be
 * handled in any order, and several changes to one record need one sync.
 */
async function handle(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const d = deps({});
  return applyToTotals(event.Records, new ReportTotalsStore(d.db, d.table));
}

/** The handler's work on a batch of stream records, against the totals given. */
export async function applyToTotals(
  records: readonly DynamoDBRecord[],
  totals: ReportTotalsStore,
): Promise<DynamoDBBatchResponse> {
  // The first sequence number of each record in the batch: a failure retries from there.
  const firstSeen = new Map<string, { source: Source; sequenceNumber: string }>();
  for (const record of records) {
    if (!matchesTotalsFilter(record)) continue;
    const source = sourceOf(record);
    if (!source) continue;
    const key = `${source.kind}#${source.orgId}#${source.id}`;
    if (!firstSeen.has(key)) firstSeen.set(key, { source, sequenceNumber: record.dynamodb!.SequenceNumber! });
  }
  const failed: string[] = [];
  await Promise.all(
    [...firstSeen.values()].map(async ({ source, sequenceNumber }) => {
      try {
        if (source.kind === 'SHIFT') await totals.syncShift(source.orgId, source.id);
        else await totals.syncTimesheet(source.orgId, source.id);
      } catch (error) {
        logger.error('Could not bring the report totals in line', { ...source, error: error as Error });
        failed.push(sequenceNumber);
      }
    }),
  );
  // Lambda retries from the earliest failure reported; later records are re-read then anyway.
  const order = new Map(records.map((r, i) => [r.dynamodb?.SequenceNumber, i]));
  failed.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return { batchItemFailures: failed.slice(0, 1).map((itemIdentifier) => ({ itemIdentifier })) };
}

/** Flushes the invocation's metrics as it ends. */
export const handler = withMetrics(handle);
