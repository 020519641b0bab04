import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PayrollExport, Timesheet } from '../domain/types';
import * as keys from './keys';
import { INDEX } from './keys';
import { EXPORT_RECORD_TYPE } from './stream-filters';

/** A timesheet's status partition, which follows its status. */
const BY_STATUS = INDEX.timesheetsByStatus;

import { type Page, type PageRequest, queryPage } from './page';
import { chunks, isConditionFailure, toRecord } from './records';
import { drain, type RetryPolicy, retry } from './retry';
import { shiftStartOf } from './timesheets';
import { cancelledInPassing, transact } from './transact';

export function exportItem(e: PayrollExport): Record<string, unknown> {
  return {
    ...keys.payrollExport(e.orgId, e.id),
    ...keys.exportsOfOrg(e.orgId, e.createdAt, e.id),
    type: EXPORT_RECORD_TYPE,
    ...e,
  };
}

/**
 * What an export reads of a payable timesheet: the CSV's figures, whose
 * clinician and practice it was, and what a claim's keys are made of. The
 * claim's condition is checked by DynamoDB against the stored item, so it
 * needs nothing here; the rest of the item (index keys, booking, decision)
 * would only be parsed and dropped, a page at a time.
 */
export const PAYABLE_ATTRIBUTES = [
  'orgId',
  'id',
  'clinicianId',
  'practiceId',
  'employment',
  'start',
  'end',
  'shiftStart',
  'breakMinutes',
  'paidMinutes',
  'hourlyRatePence',
  'bankHoliday',
  'grossPence',
  'mileageMiles',
  'mileagePence',
  'expenses',
  'lineType',
] as const satisfies readonly (keyof Timesheet)[];

/** A payable timesheet as an export reads it. A full `Timesheet` is one too (a retried run reads whole items). */
export type PayableTimesheet = Pick<Timesheet, (typeof PAYABLE_ATTRIBUTES)[number]>;

const PAYABLE_NAMES = Object.fromEntries(PAYABLE_ATTRIBUTES.map((a, i) => [`#a${i}`, a]));
const PAYABLE_PROJECTION = Object.keys(PAYABLE_NAMES).join(', ');

/**
 * Timesheets per claim transaction: DynamoDB's limit of 100 actions, each a
 * conditional update of one timesheet. On DynamoDB Local (and in DynamoDB)
 * a write request costs far more than an item in it, so fewer, fuller
 * transactions claim fastest.
 */
export const CLAIM_CHUNK = 100;
/** Transactions in flight at once for one page; DynamoDB Local runs them one at a time anyway. */
export const CLAIM_CONCURRENCY = 2;
/** Single conditional updates in flight at once when a transaction was cancelled and its items go again alone. */
const SINGLE_CONCURRENCY = 16;
/** Racing exports throttle each other on DynamoDB: a claim keeps trying, for up to some 25 s in all. */
const CLAIM_RETRY: RetryPolicy = { attempts: 31, baseMs: 5, capMs: 1000, random: Math.random };
/** Unprocessed keys of a batch read are asked for again: DynamoDB leaves some only under load. */
const BATCH_READ: RetryPolicy = { attempts: 10, baseMs: 25, capMs: 1000, random: Math.random };

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
  /** Newest first; `created` bounds (UTC instants, inclusive) select by when each export was asked for. */
  async list(
    orgId: string,
    page: PageRequest,
    created: { from?: string; to?: string } = {},
  ): Promise<Page<PayrollExport>> {
    const partition = keys.exportsOfOrgPartition(orgId);
    // The sort key is `<createdAt>#<id>`: an export made at `to` itself sorts after `to`, hence the upper bound.
    const from = created.from ?? '';
    const to = created.to === undefined ? undefined : `${created.to}#\uffff`;
    if (to !== undefined && from > to) return { items: [] };
    const values: Record<string, unknown> = { ':pk': partition };
    const { partitionKey, sortKey } = INDEX.exportsByOrg;
    let condition = `${partitionKey} = :pk`;
    if (created.from && to) {
      condition += ` AND ${sortKey} BETWEEN :from AND :to`;
      Object.assign(values, { ':from': from, ':to': to });
    } else if (created.from) {
      condition += ` AND ${sortKey} >= :from`;
      values[':from'] = from;
    } else if (to) {
      condition += ` AND ${sortKey} <= :to`;
      values[':to'] = to;
    }
    return queryPage(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEX.exportsByOrg.name,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        partitionAttribute: partitionKey,
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
   * (up to 1 MB) at a time, from the sparse payable index, with only the
   * attributes an export uses. The index lags the table a little: a
   * timesheet listed here may have been taken since, which the claim's
   * condition catches.
   */
  async *payable(orgId: string, from: string, to: string, pageSize?: number): AsyncGenerator<PayableTimesheet[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.timesheetsByStatus.name,
          KeyConditionExpression: `${INDEX.timesheetsByStatus.partitionKey} = :pk AND ${INDEX.timesheetsByStatus.sortKey} BETWEEN :from AND :to`,
          ExpressionAttributeValues: { ':pk': keys.payablePartition(orgId), ':from': from, ':to': to },
          ExpressionAttributeNames: PAYABLE_NAMES,
          ProjectionExpression: PAYABLE_PROJECTION,
          ExclusiveStartKey: startKey,
          Limit: pageSize,
        }),
      );
      startKey = out.LastEvaluatedKey;
      // The projection leaves out the index keys, so the items are the records as they are.
      if (out.Items?.length) yield out.Items as PayableTimesheet[];
    } while (startKey);
  }

  /**
   * Claims timesheets for an export: each moves from approved to exported
   * only if still approved (the condition is what makes a timesheet paid
   * once, whichever export gets there first). A hundred go in one
   * transaction, after a claim record naming them (how a retried run finds
   * what it holds). A transaction is all or nothing, so when one is cancelled
   * (a timesheet another export took, or a conflict with a racing export)
   * the timesheets not known to be taken are claimed again one by one, and
   * only those whose own condition fails are left out. Returns the claimed
   * ones of those given (the same objects, not copies: a page is held once),
   * in the order given.
   */
  async claim<T extends PayableTimesheet>(exportId: string, timesheets: readonly T[], at: string): Promise<T[]> {
    const batches = chunks(timesheets, CLAIM_CHUNK);
    const results: T[][] = new Array(batches.length);
    let next = 0;
    await pooled(batches, CLAIM_CONCURRENCY, async (batch) => {
      const index = next++;
      results[index] = await this.claimBatch(exportId, batch, at);
    });
    return results.flat();
  }

  private async claimBatch<T extends PayableTimesheet>(exportId: string, batch: T[], at: string): Promise<T[]> {
    const first = batch[0];
    if (!first) return [];
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.exportClaim(first.orgId, exportId, `${at}#${randomUUID()}`),
          type: 'EXPORT_CLAIM',
          ids: batch.map((t) => t.id),
        },
      }),
    );
    // Each claim is named by its timesheet's id: a cancelled transaction says which were taken.
    const items = batch.map((row) => ({ name: row.id, update: claimUpdate(row, exportId, at) }));
    const taken = await retry(CLAIM_RETRY, async () => {
      try {
        const out = await transact(this.db, this.table, items);
        return new Set(out.ok ? [] : out.failed);
      } catch (error) {
        // Cancelled by a racing export's transaction, not by a condition: none is known taken, each goes alone.
        if (cancelledInPassing(error)) return undefined;
        throw error;
      }
    });
    if (taken?.size === 0) return batch;
    const rest = taken ? batch.filter((row) => !taken.has(row.id)) : batch;
    const claimed: (T | undefined)[] = new Array(rest.length);
    let n = 0;
    await pooled(rest, SINGLE_CONCURRENCY, async (row) => {
      const i = n++;
      claimed[i] = (await this.claimOne(row, exportId, at)) ? row : undefined;
    });
    return claimed.filter((row): row is T => !!row);
  }

  /** One conditional claim: false if the timesheet is no longer approved (another export has it). */
  private async claimOne(row: PayableTimesheet, exportId: string, at: string): Promise<boolean> {
    return retry(CLAIM_RETRY, async () => {
      try {
        await this.db.send(new UpdateCommand({ TableName: this.table, ...claimUpdate(row, exportId, at) }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    });
  }

  /**
   * The timesheets this export holds from earlier runs (an interrupted run,
   * or a failed one being retried), a page at a time: the claim records read
   * consistently, then the timesheets they name read consistently, keeping
   * each that is exported under this export, once.
   */
  async *claimed(orgId: string, exportId: string, pageSize?: number): AsyncGenerator<Timesheet[]> {
    const { PK, SKPrefix } = keys.exportClaimsPrefix(orgId, exportId);
    const seen = new Set<string>();
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
      const ids = (out.Items ?? []).flatMap((i) => (i.ids as string[]).filter((id) => !seen.has(id)));
      for (const id of ids) seen.add(id);
      for (const batch of chunks(ids, 100)) {
        const items = await this.batchGet(
          batch.map((id) => keys.timesheet(orgId, id)),
          undefined,
          true,
        );
        const held = items
          .map((i) => toRecord<Timesheet>(i))
          .filter((t) => t.status === 'exported' && t.exportId === exportId)
          .sort((a, b) => shiftStartOf(a).localeCompare(shiftStartOf(b)) || a.id.localeCompare(b.id));
        if (held.length) yield held;
      }
    } while (startKey);
  }

  /**
   * Gives a failed export's timesheets back to the payable index, so the next
   * export (or a retry of this one) pays them. Each only if this export
   * still holds it. Returns how many went back.
   */
  async release(orgId: string, exportId: string): Promise<number> {
    let released = 0;
    for await (const page of this.claimed(orgId, exportId)) {
      await pooled(page, SINGLE_CONCURRENCY, async (row) => {
        const payable = keys.timesheetsInStatus(orgId, 'approved', shiftStartOf(row), row.id, row.employment);
        try {
          await this.db.send(
            new UpdateCommand({
              TableName: this.table,
              Key: keys.timesheet(orgId, row.id),
              UpdateExpression: `SET #status = :approved, ${BY_STATUS.partitionKey} = :gpk, ${BY_STATUS.sortKey} = :gsk REMOVE exportId, exportedAt`,
              ConditionExpression: '#status = :exported AND exportId = :eid',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':approved': 'approved',
                ':exported': 'exported',
                ':eid': exportId,
                ':gpk': payable.GSI3PK,
                ':gsk': payable.GSI3SK,
              },
            }),
          );
          released++;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      });
    }
    return released;
  }

  /** Puts a failed export back to running (its MODIFY reaches the export function through the outbox relay): false unless it was failed. */
  async reopen(orgId: string, id: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.payrollExport(orgId, id),
          UpdateExpression:
            'SET #status = :running, #rows = :zero, totalPence = :zero, retriedAt = :at ADD retries :one REMOVE reason, finishedAt, fileKey, bytes',
          ConditionExpression: '#status = :failed',
          ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows' },
          ExpressionAttributeValues: { ':running': 'running', ':failed': 'failed', ':zero': 0, ':at': at, ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Replaces a failed export's reason (when what happened after it failed changes what HR should do). */
  async note(orgId: string, id: string, reason: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.payrollExport(orgId, id),
        UpdateExpression: 'SET reason = :reason',
        ConditionExpression: '#status = :failed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':reason': reason, ':failed': 'failed' },
      }),
    );
  }

  /**
   * Takes the lease of an export's run: true unless another run holds one
   * that has not lapsed. Two runs of one export must not overlap (each
   * writes the CSV of what it has seen claimed), and a run can be started
   * twice (an asynchronous invocation delivered again); the lease is how the
   * second knows. A lease lapses `leaseMs` after it was last taken or kept,
   * so a run that died leaves the export to the next run within that time.
   * Times are real time (`nowMs`), not the runtime's settable clock.
   */
  async takeRun(orgId: string, id: string, token: string, nowMs: number, leaseMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.exportRun(orgId, id),
            type: 'EXPORT_RUN',
            token,
            leaseUntil: nowMs + leaseMs,
            // Gone a day after the run, whatever became of it.
            ttl: Math.floor(nowMs / 1000) + 24 * 3600,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': nowMs },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Keeps the run's lease for another `leaseMs`: false if it is no longer this run's (it lapsed and was taken). */
  async keepRun(orgId: string, id: string, token: string, nowMs: number, leaseMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.exportRun(orgId, id),
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':until': nowMs + leaseMs, ':token': token },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Gives the lease up, if it is still this run's, so a retry need not wait for it to lapse. */
  async endRun(orgId: string, id: string, token: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.exportRun(orgId, id),
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Items by key (only the `projection` attributes when given), a hundred a request, retrying what DynamoDB leaves unprocessed. */
  async batchGet(
    itemKeys: readonly Record<string, string>[],
    projection?: string[],
    consistent = false,
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    const names = projection && Object.fromEntries(projection.map((p, i) => [`#p${i}`, p]));
    for (const batch of chunks(itemKeys, 100)) {
      await drain<Record<string, unknown>>(BATCH_READ, [...batch], async (pending) => {
        const reply: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: pending,
                ConsistentRead: consistent,
                ...(names && { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names }),
              },
            },
          }),
        );
        out.push(...(reply.Responses?.[this.table] ?? []));
        return reply.UnprocessedKeys?.[this.table]?.Keys;
      });
    }
    return out;
  }
}

/**
 * One timesheet's claim: approved to exported, into the exported index, only
 * if still approved. The export sends a hundred in a transaction; the bench
 * times bare transactions of the same to show the write floor.
 */
export function claimUpdate(row: PayableTimesheet, exportId: string, at: string) {
  const exported = keys.timesheetsInStatus(row.orgId, 'exported', shiftStartOf(row), row.id);
  return {
    Key: keys.timesheet(row.orgId, row.id),
    UpdateExpression: `SET #status = :exported, exportId = :eid, exportedAt = :at, ${BY_STATUS.partitionKey} = :gpk, ${BY_STATUS.sortKey} = :gsk`,
    ConditionExpression: '#status = :approved',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':exported': 'exported',
      ':approved': 'approved',
      ':eid': exportId,
      ':at': at,
      ':gpk': exported.GSI3PK,
      ':gsk': exported.GSI3SK,
    },
  };
}
