import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Invoice, Timesheet } from '../domain/types';
import * as keys from './keys';
import { INDEX } from './keys';
import { filterOf, type Page, type PageRequest, queryPage, type Where } from './page';
import { chunks, isConditionFailure, toRecord } from './records';
import { AGAIN, type RetryPolicy, retry } from './retry';
import { MAX_TRANSACT_ITEMS, type TransactItem, transact } from './transact';

/** DynamoDB's 100 actions a transaction, less the invoice's put and the counter's update. */
export const INVOICE_MAX_LINES = 98;
/** Races for the counter and for timesheets are read again; invoicing runs in the background, so it persists. */
const ISSUE_RETRY: RetryPolicy = { attempts: 31, baseMs: 5, capMs: 500, random: Math.random };

export function invoiceItem(i: Invoice): Record<string, unknown> {
  return { ...keys.invoice(i.orgId, i.id), ...keys.invoicesOfOrg(i.orgId, i.month, i.id), type: 'INVOICE', ...i };
}

/**
 * What an invoice reads of an invoiceable timesheet: its lines' figures, whose
 * it is, and its keys. The claim's condition is checked by DynamoDB against
 * the stored item, so it needs nothing here.
 */
export const INVOICEABLE_ATTRIBUTES = [
  'orgId',
  'id',
  'clinicianId',
  'practiceId',
  'start',
  'shiftStart',
  'paidMinutes',
  'grossPence',
  'mileagePence',
  'expenses',
  'lineType',
] as const satisfies readonly (keyof Timesheet)[];

/** An invoiceable timesheet as the run reads it. A full `Timesheet` is one too. */
export type InvoiceableTimesheet = Pick<Timesheet, (typeof INVOICEABLE_ATTRIBUTES)[number]>;

const INVOICEABLE_NAMES = Object.fromEntries(INVOICEABLE_ATTRIBUTES.map((a, i) => [`#a${i}`, a]));
const INVOICEABLE_PROJECTION = Object.keys(INVOICEABLE_NAMES).join(', ');

/** What `issue` was told: the invoice as it would be with these timesheets and this number. */
export type InvoiceDraft = (timesheets: readonly InvoiceableTimesheet[], sequence: number) => Invoice;

/** One invoice to issue: one clinician's timesheets at one practice (at most INVOICE_MAX_LINES of them). */
export interface InvoicePart {
  clinicianId: string;
  timesheets: readonly InvoiceableTimesheet[];
  draft: InvoiceDraft;
}

/** What packing reads of an invoice to issue. */
export type Packable = { clinicianId: string; timesheets: readonly unknown[] };

/** The actions a transaction issuing `parts` holds: each invoice, each timesheet, each clinician's counter once. */
export function actionsOf(parts: readonly Packable[]): number {
  return parts.reduce((n, p) => n + 1 + p.timesheets.length, 0) + new Set(parts.map((p) => p.clinicianId)).size;
}

/**
 * Packs invoices into transactions of at most MAX_TRANSACT_ITEMS actions,
 * fullest first (a write request costs DynamoDB far more than an item in it),
 * in `lanes` lists to be sent one transaction after another, a lane each: a
 * clinician's invoices all fall in one lane, so two transactions in flight
 * never race for one counter.
 */
export function packInvoices<P extends Packable>(parts: readonly P[], lanes: number): P[][][] {
  const laneOf = new Map<string, number>();
  const byLane: P[][] = Array.from({ length: lanes }, () => []);
  for (const p of parts) {
    let lane = laneOf.get(p.clinicianId);
    if (lane === undefined) {
      lane = laneOf.size % lanes;
      laneOf.set(p.clinicianId, lane);
    }
    byLane[lane]!.push(p);
  }
  return byLane.map((own) => {
    // First fit, largest first: each open transaction takes the part if it (and its counter, if new there) fits.
    const open: { parts: P[]; actions: number; clinicians: Set<string> }[] = [];
    for (const p of [...own].sort((x, y) => y.timesheets.length - x.timesheets.length)) {
      const fits = open.find(
        (t) => t.actions + 1 + p.timesheets.length + (t.clinicians.has(p.clinicianId) ? 0 : 1) <= MAX_TRANSACT_ITEMS,
      );
      const into = fits ?? { parts: [], actions: 0, clinicians: new Set<string>() };
      if (!fits) open.push(into);
      into.actions += 1 + p.timesheets.length + (into.clinicians.has(p.clinicianId) ? 0 : 1);
      into.clinicians.add(p.clinicianId);
      into.parts.push(p);
    }
    return open.map((t) => t.parts);
  });
}

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
   * A page of the organisation's invoices, for one month or all, oldest month
   * first (then by id): those whose attributes match `where`.
   */
  async page(orgId: string, month: string | undefined, where: Where, page: PageRequest): Promise<Page<Invoice>> {
    const { partitionKey: pk, sortKey: sk } = INDEX.invoicesByOrg;
    const partition = keys.invoicesOfOrgPartition(orgId);
    const filter = filterOf(where);
    return queryPage(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEX.invoicesByOrg.name,
        KeyConditionExpression: month ? `${pk} = :pk AND begins_with(${sk}, :m)` : `${pk} = :pk`,
        ...filter,
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(month && { ':m': `${month}#` }),
          ...filter.ExpressionAttributeValues,
        },
        partitionAttribute: pk,
        partition,
      },
      page,
      (item) => toRecord<Invoice>(item),
    );
  }

  /**
   * Approved invoiceable timesheets whose shifts start in [from, to) and are
   * on no invoice yet, from the invoiceable index, as much of each as an
   * invoice needs. The range is read in `slices` stretches at once. The index
   * lags the table: one listed here may have been invoiced since, which
   * `issue`'s conditions catch.
   */
  async invoiceable(orgId: string, from: string, to: string, slices = 1): Promise<InvoiceableTimesheet[]> {
    const a = Date.parse(from);
    const span = Date.parse(to) - a;
    const bounds = Array.from({ length: slices + 1 }, (_, i) =>
      i === 0 ? from : i === slices ? to : new Date(a + Math.floor((span * i) / slices)).toISOString(),
    );
    const parts = await Promise.all(
      bounds.slice(0, -1).map((lo, i) => this.invoiceableBetween(orgId, lo, bounds[i + 1]!)),
    );
    return parts.flat();
  }

  private async invoiceableBetween(orgId: string, from: string, to: string): Promise<InvoiceableTimesheet[]> {
    const out: InvoiceableTimesheet[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.timesheetsByStatus.name,
          KeyConditionExpression: `${INDEX.timesheetsByStatus.partitionKey} = :pk AND ${INDEX.timesheetsByStatus.sortKey} BETWEEN :from AND :to`,
          FilterExpression: 'attribute_not_exists(invoiceId)',
          ProjectionExpression: INVOICEABLE_PROJECTION,
          ExpressionAttributeNames: INVOICEABLE_NAMES,
          ExpressionAttributeValues: { ':pk': keys.invoiceablePartition(orgId), ':from': from, ':to': to },
          ExclusiveStartKey: startKey,
        }),
      );
      startKey = page.LastEvaluatedKey;
      for (const item of page.Items ?? []) {
        const t = item as InvoiceableTimesheet;
        // BETWEEN is inclusive and the sort key is `<start>#<id>`: `to` itself belongs to the next stretch.
        if ((t.shiftStart ?? t.start) < to) out.push(t);
      }
    } while (startKey);
    return out;
  }

  /** The last invoice number each clinician was given (0 for none yet), read consistently. */
  async counters(orgId: string, clinicianIds: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>(clinicianIds.map((id) => [id, 0]));
    for (const batch of chunks(clinicianIds, 100)) {
      let pending: Record<string, unknown>[] | undefined = batch.map((id) => keys.invoiceCounter(orgId, id));
      while (pending?.length) {
        const out: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: pending,
                ConsistentRead: true,
                ProjectionExpression: 'PK, #last',
                ExpressionAttributeNames: { '#last': 'last' },
              },
            },
          }),
        );
        for (const item of out.Responses?.[this.table] ?? []) {
          const id = String(item.PK).slice(String(item.PK).lastIndexOf('#CLIN#') + 6);
          found.set(id, (item.last as number | undefined) ?? 0);
        }
        pending = out.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return found;
  }

  /**
   * Issues several invoices in one transaction with the claim of each of
   * their timesheets (still approved and on no invoice) and each clinician's
   * counter raised by the invoices it numbers (on the value known, so two
   * runs never take one number). `last` holds each clinician's last number
   * as known, and is kept up to date. A timesheet another run took is
   * dropped and the rest go again; a counter raced for is read again.
   * Answers the invoices made: none when no timesheet was left. At most
   * MAX_TRANSACT_ITEMS actions, each clinician once (see `packInvoices`).
   */
  async issue(orgId: string, parts: readonly InvoicePart[], last: Map<string, number>, at: string): Promise<Invoice[]> {
    let rest = parts.map((p) => ({ ...p, timesheets: [...p.timesheets] }));
    if (actionsOf(rest) > MAX_TRANSACT_ITEMS)
      throw new Error(`A transaction holds at most ${MAX_TRANSACT_ITEMS} actions`);
    return retry(ISSUE_RETRY, async () => {
      rest = rest.filter((p) => p.timesheets.length);
      if (!rest.length) return [];
      const stale = [...new Set(rest.map((p) => p.clinicianId))].filter((id) => !last.has(id));
      if (stale.length) for (const [id, n] of await this.counters(orgId, stale)) last.set(id, n);
      const next = new Map<string, number>();
      const invoices = rest.map((p) => {
        const sequence = (next.get(p.clinicianId) ?? last.get(p.clinicianId)!) + 1;
        next.set(p.clinicianId, sequence);
        return p.draft(p.timesheets, sequence);
      });
      const items: TransactItem[] = [];
      for (const [clinicianId, to] of next) {
        const from = last.get(clinicianId)!;
        items.push({
          name: `counter:${clinicianId}`,
          update: {
            Key: keys.invoiceCounter(orgId, clinicianId),
            UpdateExpression: 'SET #last = :next, #type = :type',
            ConditionExpression: from === 0 ? 'attribute_not_exists(#last)' : '#last = :last',
            ExpressionAttributeNames: { '#last': 'last', '#type': 'type' },
            ExpressionAttributeValues: {
              ':next': to,
              ':type': 'INVOICE_COUNTER',
              ...(from === 0 ? {} : { ':last': from }),
            },
          },
        });
      }
      rest.forEach((p, i) => {
        const invoice = invoices[i]!;
        items.push({
          name: 'invoice',
          put: { Item: invoiceItem(invoice), ConditionExpression: 'attribute_not_exists(PK)' },
        });
        for (const t of p.timesheets) {
          items.push({
            name: `timesheet:${t.id}`,
            update: {
              Key: keys.timesheet(orgId, t.id),
              UpdateExpression: 'SET invoiceId = :iid, invoicedAt = :at',
              ConditionExpression: '#status = :approved AND attribute_not_exists(invoiceId)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':iid': invoice.id, ':at': at, ':approved': 'approved' },
            },
          });
        }
      });
      const out = await transact(this.db, this.table, items);
      if (out.ok) {
        for (const [id, n] of next) last.set(id, n);
        return invoices;
      }
      // Timesheets whose own condition failed are another invoice's (or no longer approved): drop them. A counter
      // raced for is read again; an invoice id met twice is drawn again by the draft.
      const taken = new Set(out.failed);
      for (const p of rest) p.timesheets = p.timesheets.filter((t) => !taken.has(`timesheet:${t.id}`));
      for (const name of out.failed) if (name.startsWith('counter:')) last.delete(name.slice(8));
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
