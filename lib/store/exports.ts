import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PayrollExport, Timesheet } from '../domain/types';
import { keys } from './keys';
import { matchesFilterPattern } from './outbox';
import { type Page, type PageRequest, queryPage } from './page';
import { cancellationCodes, chunks, isConditionFailure, toRecord } from './records';
import { shiftStartOf } from './timesheets';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The `type` of export records; their inserts start a run (the table stream wakes the export function). */
export const EXPORT_RECORD_TYPE = 'EXPORT';

/** As a Lambda event-source filter pattern: the CDK mapping uses it as is; the local stream pump through `matchesExportFilter`. */
export const EXPORT_STREAM_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: [EXPORT_RECORD_TYPE] } } },
};

export function matchesExportFilter(record: unknown): boolean {
  return matchesFilterPattern(EXPORT_STREAM_FILTER, record);
}

export function exportItem(e: PayrollExport): Record<string, unknown> {
  return {
    ...keys.payrollExport(e.orgId, e.id),
    ...keys.exportsOfOrg(e.orgId, e.createdAt, e.id),
    type: EXPORT_RECORD_TYPE,
    ...e,
  };
}

/** Timesheets per claim transaction: two actions each (the timesheet and its row), under DynamoDB's 100. */
const CLAIM_CHUNK = 25;
const CLAIM_CONCURRENCY = 8;
const MAX_CLAIM_ATTEMPTS = 30;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const RETRYABLE = new Set([
  'TransactionConflictException',
  'TransactionInProgressException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
]);

/** Runs `work` over `items` with at most `limit` at a time, in order of start. */
async function pooled<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

export class ExportRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(e: PayrollExport): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: exportItem(e), ConditionExpression: 'attribute_not_exists(PK)' }),
    );
  }

  async get(orgId: string, id: string, consistent = false): Promise<PayrollExport | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.payrollExport(orgId, id), ConsistentRead: consistent }),
    );
    return out.Item ? toRecord<PayrollExport>(out.Item) : undefined;
  }

  /** Newest first. */
  async list(orgId: string, page: PageRequest): Promise<Page<PayrollExport>> {
    const partition = keys.exportsOfOrgIndex(orgId);
    return queryPage(
      this.db,
      {
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        partitionAttribute: 'GSI1PK',
        partition,
      },
      page,
      (i) => toRecord<PayrollExport>(i),
    );
  }

  /** Settles a running export once: false if it had already settled (a replayed run). */
  async finish(
    orgId: string,
    id: string,
    outcome: Pick<PayrollExport, 'status' | 'rows' | 'totalPence' | 'finishedAt'> &
      Partial<Pick<PayrollExport, 'reason' | 'fileKey' | 'bytes'>>,
  ): Promise<boolean> {
    const entries = Object.entries(outcome).filter(([, v]) => v !== undefined);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.payrollExport(orgId, id),
          UpdateExpression: `SET ${entries.map(([k]) => `#${k} = :${k}`).join(', ')}`,
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
          ExpressionAttributeValues: {
            ...Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
            ':running': 'running',
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Approved, unexported timesheets whose shifts start in [from, to), a page
   * (up to 1 MB) at a time, from the sparse payable index. The index lags the
   * table a little: a timesheet listed here may have been taken since, which
   * the claim's condition catches.
   */
  async *payable(orgId: string, from: string, to: string, pageSize?: number): AsyncGenerator<Timesheet[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': keys.payableIndex(orgId), ':from': from, ':to': to },
          ExclusiveStartKey: startKey,
          Limit: pageSize,
        }),
      );
      startKey = out.LastEvaluatedKey;
      if (out.Items?.length) yield out.Items.map((i) => toRecord<Timesheet>(i));
    } while (startKey);
  }

  /**
   * Claims timesheets for an export: each moves from approved to exported
   * only if still approved, in one transaction with its row under the export.
   * A timesheet another export took first is left out; the rest are retried
   * until they land. Returns the claimed timesheets as stored.
   */
  async claim(exportId: string, timesheets: readonly Timesheet[], at: string): Promise<Timesheet[]> {
    const claimed: Timesheet[] = [];
    await pooled(chunks(timesheets, CLAIM_CHUNK), CLAIM_CONCURRENCY, async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length; attempt++) {
        const rows = pending.map((t): Timesheet => ({ ...t, status: 'exported', exportId, exportedAt: at }));
        try {
          await this.db.send(
            new TransactWriteCommand({ TransactItems: rows.flatMap((row) => this.claimItems(row, at)) }),
          );
          claimed.push(...rows);
          return;
        } catch (error) {
          const codes = cancellationCodes(error);
          const retryable =
            RETRYABLE.has((error as Error).name) ||
            !!codes?.some((c) => c === 'TransactionConflict' || c === 'ThrottlingError');
          const taken = new Set<number>();
          codes?.forEach((code, i) => {
            if (code === 'ConditionalCheckFailed') taken.add(Math.floor(i / 2));
          });
          if (!taken.size && !retryable) throw error;
          if (attempt >= MAX_CLAIM_ATTEMPTS) throw error;
          pending = pending.filter((_, i) => !taken.has(i));
          // Only a conflict needs a pause; dropping a taken timesheet can go again at once.
          if (retryable && !taken.size)
            await pause(Math.min(1000, 5 * 2 ** Math.min(attempt, 8)) * (0.5 + Math.random()));
        }
      }
    });
    return claimed;
  }

  private claimItems(row: Timesheet, at: string): TransactItem[] {
    const exported = keys.timesheetsInStatus(row.orgId, 'exported', shiftStartOf(row), row.id);
    return [
      {
        Update: {
          TableName: this.table,
          Key: keys.timesheet(row.orgId, row.id),
          UpdateExpression: 'SET #status = :exported, exportId = :eid, exportedAt = :at, GSI3PK = :gpk, GSI3SK = :gsk',
          ConditionExpression: '#status = :approved',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':exported': 'exported',
            ':approved': 'approved',
            ':eid': row.exportId,
            ':at': at,
            ':gpk': exported.GSI3PK,
            ':gsk': exported.GSI3SK,
          },
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.exportRow(row.orgId, row.exportId!, shiftStartOf(row), row.id), type: 'EXPORT_ROW', ...row },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
  }

  /** The export's rows in shift order, a page at a time, read consistently: every claim that landed is here. */
  async *rows(orgId: string, exportId: string, pageSize?: number): AsyncGenerator<Timesheet[]> {
    const { PK, SKPrefix } = keys.exportRowsPrefix(orgId, exportId);
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': PK, ':sk': SKPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
          Limit: pageSize,
        }),
      );
      startKey = out.LastEvaluatedKey;
      if (out.Items?.length) yield out.Items.map((i) => toRecord<Timesheet>(i));
    } while (startKey);
  }

  /**
   * Gives a failed export's timesheets back to the payable index (and drops
   * its rows), so the next export pays them. Each only if this export still
   * holds it.
   */
  async release(orgId: string, exportId: string): Promise<number> {
    let released = 0;
    for await (const page of this.rows(orgId, exportId)) {
      await pooled(page, CLAIM_CONCURRENCY, async (row) => {
        const payable = keys.timesheetsInStatus(orgId, 'approved', shiftStartOf(row), row.id);
        try {
          await this.db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: this.table,
                    Key: keys.timesheet(orgId, row.id),
                    UpdateExpression:
                      'SET #status = :approved, GSI3PK = :gpk, GSI3SK = :gsk REMOVE exportId, exportedAt',
                    ConditionExpression: '#status = :exported AND exportId = :eid',
                    ExpressionAttributeNames: { '#status': 'status' },
                    ExpressionAttributeValues: {
                      ':approved': 'approved',
                      ':exported': 'exported',
                      ':eid': exportId,
                      ':gpk': payable.GSI3PK,
                      ':gsk': payable.GSI3SK,
                    },
                  },
                },
                { Delete: { TableName: this.table, Key: keys.exportRow(orgId, exportId, shiftStartOf(row), row.id) } },
              ],
            }),
          );
          released++;
        } catch (error) {
          if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
        }
      });
    }
    return released;
  }

  /** Items by key, a hundred a request, retrying what DynamoDB leaves unprocessed. */
  async batchGet(
    itemKeys: readonly Record<string, string>[],
    projection: string[],
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    const names = Object.fromEntries(projection.map((p, i) => [`#p${i}`, p]));
    for (const batch of chunks(itemKeys, 100)) {
      let pending: Record<string, unknown>[] | undefined = [...batch];
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt) await pause(Math.min(1000, 25 * 2 ** attempt));
        const reply: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: pending,
                ProjectionExpression: Object.keys(names).join(', '),
                ExpressionAttributeNames: names,
              },
            },
          }),
        );
        out.push(...(reply.Responses?.[this.table] ?? []));
        pending = reply.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return out;
  }
}
