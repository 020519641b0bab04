import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { deps } from '../lib/deps';
import { logger } from '../lib/logger';
import { withMetrics } from '../lib/metrics';
import { ExportRepository, matchesExportFilter } from '../lib/store/exports';
import { configuredExportFiles } from '../lib/store/s3-export-files';
import { runPayrollExport } from '../lib/use-cases/payroll';

/**
 * Woken by the table stream when an export record is inserted (the event
 * source filter lets nothing else through). Exports run one after another,
 * in the order they were asked for; a run that throws (rather than failing
 * the export itself) is reported, and the stream retries from it: a rerun
 * resumes the same export and never pays a timesheet twice.
 */
async function handle(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    if (!matchesExportFilter(record)) continue;
    const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
    let image: Record<string, unknown>;
    try {
      image = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
    } catch (error) {
      logger.error('Skipping an export record that does not unmarshall', { sequenceNumber, error: error as Error });
      continue;
    }
    const { orgId, id } = image;
    if (typeof orgId !== 'string' || typeof id !== 'string') {
      logger.error('Skipping an export record without orgId and id', { sequenceNumber });
      continue;
    }
    try {
      const done = await runPayrollExport(
        orgId,
        id,
        deps({ exports: ExportRepository }, { exportFiles: configuredExportFiles }),
      );
      logger.info('Payroll export settled', { exportId: id, status: done?.status, rows: done?.rows });
    } catch (error) {
      logger.error('Payroll export run failed; the stream will retry it', { exportId: id, error: error as Error });
      return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
}

/** Flushes the invocation's metrics as it ends. */
export const handler = withMetrics(handle);
