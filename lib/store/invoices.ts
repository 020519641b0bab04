import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Invoice, Timesheet } from '../domain/types';
import { INDEX, keys } from './keys';
import { isConditionFailure, toRecord } from './records';
import { AGAIN, type RetryPolicy, retry } from './retry';
import { type TransactItem, transact } from './transact';

/** DynamoDB's 100 actions a transaction, less the invoice's put and the counter's update. */
export const INVOICE_MAX_LINES = 98;
/** Races for the counter and for timesheets are read again; invoicing runs in the background, so it persists. */
const ISSUE_RETRY: RetryPolicy = { attempts: 31, baseMs: 5, capMs: 500, random: Math.random };

export function invoiceItem(i: Invoice): Record<string, unknown> {
  return { ...keys.invoice(i.orgId, i.id), ...keys.invoicesOfOrg(i.orgId, i.month, i.id), type: 'INVOICE', ...i };
}

/** What `issue` was told: the invoice as it would be with these timesheets and this number. */
export type InvoiceDraft = (timesheets: readonly Timesheet[], sequence: number) => Invoice;

export class InvoiceRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(orgId: string, id: string): Promise<Invoice | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.invoice(orgId, id) }));
    return out.Item ? toRecord<Invoice>(out.Item) : undefined;
  }

  /** The organisation's invoices, for one month or all, oldest month first. */
  async list(orgId: string, month?: string): Promise<Invoice[]> {
    const out: Invoice[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.invoicesByOrg.name,
          KeyConditionExpression: month
            ? `${INDEX.invoicesByOrg.partitionKey} = :pk AND begins_with(${INDEX.invoicesByOrg.sortKey}, :m)`
            : `${INDEX.invoicesByOrg.partitionKey} = :pk`,
          ExpressionAttributeValues: { ':pk': keys.invoicesOfOrgPartition(orgId), ...(month && { ':m': `${month}#` }) },
          ExclusiveStartKey: startKey,
        }),
      );
      startKey = page.LastEvaluatedKey;
      for (const item of page.Items ?? []) out.push(toRecord<Invoice>(item));
    } while (startKey);
    return out;
  }

  /**
   * Approved invoiceable timesheets whose shifts start in [from, to) and are
   * on no invoice yet, from the invoiceable index. The index lags the table:
   * one listed here may have been invoiced since, which `issue`'s condition
   * catches.
   */
  async invoiceable(orgId: string, from: string, to: string): Promise<Timesheet[]> {
    const out: Timesheet[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.timesheetsByStatus.name,
          KeyConditionExpression: `${INDEX.timesheetsByStatus.partitionKey} = :pk AND ${INDEX.timesheetsByStatus.sortKey} BETWEEN :from AND :to`,
          FilterExpression: 'attribute_not_exists(invoiceId)',
          ExpressionAttributeValues: { ':pk': keys.invoiceablePartition(orgId), ':from': from, ':to': to },
          ExclusiveStartKey: startKey,
        }),
      );
      startKey = page.LastEvaluatedKey;
      for (const item of page.Items ?? []) {
        const t = toRecord<Timesheet>(item);
        // BETWEEN is inclusive and the sort key is `<start>#<id>`: `to` itself belongs to the next month.
        if ((t.shiftStart ?? t.start) < to) out.push(t);
      }
    } while (startKey);
    return out;
  }

  private async counter(orgId: string, clinicianId: string): Promise<number> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.invoiceCounter(orgId, clinicianId), ConsistentRead: true }),
    );
    return (out.Item?.last as number | undefined) ?? 0;
  }

  /**
   * Issues one invoice for those of `timesheets` still approved and on no
   * invoice, in one transaction with the claim of each of them and the
   * clinician's counter raised by one (on the value read, so two runs never
   * take one number). A timesheet another run took is dropped and the rest
   * go again; a counter raced for is read again. Returns the invoice, or
   * undefined when none of the timesheets were left.
   */
  async issue(orgId: string, clinicianId: string, timesheets: readonly Timesheet[], draft: InvoiceDraft, at: string) {
    if (timesheets.length > INVOICE_MAX_LINES) throw new Error(`An invoice holds at most ${INVOICE_MAX_LINES} lines`);
    let rest = [...timesheets];
    return retry(ISSUE_RETRY, async () => {
      if (!rest.length) return undefined;
      const last = await this.counter(orgId, clinicianId);
      const invoice = draft(rest, last + 1);
      const counterKey = keys.invoiceCounter(orgId, clinicianId);
      const out = await transact(this.db, this.table, [
        { name: 'invoice', put: { Item: invoiceItem(invoice), ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          name: 'counter',
          update: {
            Key: counterKey,
            UpdateExpression: 'SET #last = :next, #type = :type',
            ConditionExpression: last === 0 ? 'attribute_not_exists(#last)' : '#last = :last',
            ExpressionAttributeNames: { '#last': 'last', '#type': 'type' },
            ExpressionAttributeValues: {
              ':next': last + 1,
              ':type': 'INVOICE_COUNTER',
              ...(last === 0 ? {} : { ':last': last }),
            },
          },
        },
        ...rest.map(
          (t): TransactItem => ({
            name: `timesheet:${t.id}`,
            update: {
              Key: keys.timesheet(orgId, t.id),
              UpdateExpression: 'SET invoiceId = :iid, invoicedAt = :at',
              ConditionExpression: '#status = :approved AND attribute_not_exists(invoiceId)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':iid': invoice.id, ':at': at, ':approved': 'approved' },
            },
          }),
        ),
      ]);
      if (out.ok) return invoice;
      // Timesheets whose own condition failed are another invoice's (or no longer approved): drop them. A counter
      // raced for is read again.
      const taken = new Set(out.failed);
      rest = rest.filter((t) => !taken.has(`timesheet:${t.id}`));
      return AGAIN;
    });
  }

  /** Marks an issued invoice paid, once: false if it already was. */
  async markPaid(orgId: string, id: string, at: string, by: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.invoice(orgId, id),
          UpdateExpression: 'SET #status = :paid, paidAt = :at, paidBy = :by',
          ConditionExpression: '#status = :issued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':paid': 'paid', ':issued': 'issued', ':at': at, ':by': by },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Records the practice's signature of the invoice's Form A, once: false if
   * it was already signed (or the invoice carries no pensionable pay, so has
   * no Form A).
   */
  async signFormA(orgId: string, id: string, at: string, by: string, email: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.invoice(orgId, id),
          UpdateExpression: 'SET formASignedAt = :at, formASignedBy = :by, formASignedByEmail = :email',
          ConditionExpression:
            'attribute_exists(PK) AND attribute_not_exists(formASignedAt) AND pensionablePence > :zero',
          ExpressionAttributeValues: { ':at': at, ':by': by, ':email': email, ':zero': 0 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
