import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { deps } from '../lib/deps';
import { systemClock } from '../lib/domain/ports';
import { logger } from '../lib/logger';
import { withMetrics } from '../lib/metrics';
import { awsPublisher } from '../lib/notify/aws-publisher';
import { relayOutbox } from '../lib/notify/relay';
import { eventBridgeScheduler } from '../lib/schedule/eventbridge-scheduler';
import { type ExportRunEvent, lambdaExportRunner } from '../lib/schedule/export-runner';
import { OFFERING_REPOSITORIES } from '../lib/store/offering-repositories';
import { type OutboxRecord, outboxRecordOf } from '../lib/store/outbox';
import { parseOutboxImage } from '../lib/store/outbox-image';
import { matchesExportFilter, matchesOutboxRecordFilter } from '../lib/store/stream-filters';
import { expandOutbox } from '../lib/use-cases/expand-outbox';

function parse(record: DynamoDBRecord): OutboxRecord | undefined {
  try {
    const item = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
    const parsed = parseOutboxImage(outboxRecordOf(item));
    if ('record' in parsed) return parsed.record;
    logger.error('Skipping a malformed outbox record', {
      sequenceNumber: record.dynamodb?.SequenceNumber,
      issues: parsed.issues,
    });
  } catch (error) {
    logger.error('Skipping an outbox record that does not unmarshall', {
      sequenceNumber: record.dynamodb?.SequenceNumber,
      error: error as Error,
    });
  }
  // Retrying a record that can never parse would only hold up the shard behind it.
  return undefined;
}

/** The export an export record's insert or retry asks to run; undefined (logged) for one that cannot be read. */
function exportRun(record: DynamoDBRecord): ExportRunEvent | undefined {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  try {
    const { orgId, id } = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
    if (typeof orgId === 'string' && orgId && typeof id === 'string' && id) return { orgId, exportId: id };
    logger.error('Skipping an export record without orgId and id', { sequenceNumber });
  } catch (error) {
    logger.error('Skipping an export record that does not unmarshall', { sequenceNumber, error: error as Error });
  }
  return undefined;
}

/**
 * Publishes the outbox records the stream delivers and hands each export
 * asked for to the export function; the failed ones come back through
 * ReportBatchItemFailures.
 */
async function handle(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  // A booking's record schedules its reminder as the relay settles it.
  const d = deps(OFFERING_REPOSITORIES, {
    publisher: awsPublisher,
    scheduler: eventBridgeScheduler,
    exportRunner: lambdaExportRunner,
  });
  const bySequence: { sequenceNumber: string; record: OutboxRecord }[] = [];
  const runs: { sequenceNumber: string; run: ExportRunEvent }[] = [];
  for (const streamRecord of event.Records) {
    const sequenceNumber = streamRecord.dynamodb?.SequenceNumber ?? '';
    if (matchesExportFilter(streamRecord)) {
      const run = exportRun(streamRecord);
      if (run) runs.push({ sequenceNumber, run });
    } else if (matchesOutboxRecordFilter(streamRecord)) {
      const record = parse(streamRecord);
      if (record) bySequence.push({ sequenceNumber, record });
    }
  }

  const failures: string[] = [];
  // Handed over, not run: each returns once Lambda has the event, and a run started twice finds the first's lease.
  for (const { sequenceNumber, run } of runs) {
    try {
      await d.exportRunner.start(run);
      logger.info('Payroll export handed to its run', { exportId: run.exportId });
    } catch (error) {
      logger.error('Could not hand a payroll export to its run; the stream will retry it', {
        exportId: run.exportId,
        error: error as Error,
      });
      failures.push(sequenceNumber);
    }
  }
  if (bySequence.length) {
    const { failed } = await relayOutbox(
      bySequence.map((r) => r.record),
      {
        db: d.db,
        table: d.table,
        publisher: d.publisher,
        // Claims are leases in real time: a runtime clock moved by /dev/clock must not stretch or freeze them.
        clock: systemClock,
        expand: (record) => expandOutbox(record, d),
      },
    );
    const failedIds = new Set(failed);
    for (const r of bySequence) if (failedIds.has(r.record.id)) failures.push(r.sequenceNumber);
  }
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}

/** Flushes the invocation's metrics as it ends. */
export const handler = withMetrics(handle);
