import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Escalation, Shift } from '../domain/types';
import { auditItem } from './audit';
import * as keys from './keys';
import { INDEX } from './keys';
import { outboxItem } from './outbox';
import { filterOf, type Page, type PageRequest, queryAll, queryPage, type Where } from './page';
import { toRecord } from './records';
import { type TransactItem, transact } from './transact';

/** A raise of an open shift's rate, as the shift was read: it applies only if the shift is still so. */
export interface RateRaise {
  shift: Shift;
  toPence: number;
  at: string;
  actor: string;
  reason: string;
  auditId: string;
  /** The fan-out record that texts every live offeree the new rate. */
  fanOutId: string;
  /** The escalation it carries out, when an admin approved one. */
  escalation?: { id: string; requestedBy: string };
}

/** An admin's decision on a pending escalation. */
export interface EscalationDecision {
  escalation: Escalation;
  status: 'approved' | 'rejected';
  by: string;
  at: string;
  reason?: string;
}

/** What a rate change came to: done, the shift moved (filled, cancelled, re-rated), or the escalation decided. */
export type RateOutcome<K extends string> = { kind: K } | { kind: 'shift-moved' } | { kind: 'decided-already' };

/**
 * The items that raise an open shift's rate: the shift (only if still open
 * at the rate read, so two raises cannot pass each other unseen), the audit
 * line (who, when, from, to, why) and one fan-out record that texts every
 * clinician holding a live offer the new rate.
 */
function raiseItems(r: RateRaise): TransactItem<'shift' | 'audit' | 'fan-out'>[] {
  const { shift } = r;
  return [
    {
      name: 'shift',
      update: {
        Key: keys.shift(shift.orgId, shift.id),
        UpdateExpression: 'SET hourlyRatePence = :to',
        ConditionExpression: '#status = :open AND hourlyRatePence = :from AND round = :round',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': r.toPence,
          ':from': shift.hourlyRatePence,
          ':open': 'open',
          ':round': shift.round ?? 1,
        },
      },
    },
    {
      name: 'audit',
      put: {
        Item: auditItem(shift.orgId, shift.id, {
          id: r.auditId,
          at: r.at,
          actor: r.actor,
          action: 'rate-raised',
          detail: {
            fromPence: shift.hourlyRatePence,
            toPence: r.toPence,
            reason: r.reason,
            ...(r.escalation ? { escalationId: r.escalation.id, requestedBy: r.escalation.requestedBy } : {}),
          },
        }),
      },
    },
    {
      name: 'fan-out',
      put: {
        Item: outboxItem(
          {
            orgId: shift.orgId,
            id: r.fanOutId,
            kind: 'rate-raised',
            createdAt: r.at,
            fanOut: { kind: 'rate-raised', shiftId: shift.id, round: shift.round ?? 1, exceptClinicianIds: [] },
          },
          Date.parse(r.at),
        ),
      },
    },
  ];
}

/** The escalation decided (only if still pending), and the shift's guard freed for the next raise. */
function decisionItems(d: EscalationDecision): TransactItem<'escalation' | 'guard'>[] {
  const e = d.escalation;
  return [
    {
      name: 'escalation',
      update: {
        Key: keys.escalation(e.orgId, e.id),
        UpdateExpression: `SET #status = :status, decidedBy = :by, decidedAt = :at${d.reason === undefined ? '' : ', decisionReason = :reason'}`,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': d.status,
          ':pending': 'pending',
          ':by': d.by,
          ':at': d.at,
          ...(d.reason === undefined ? {} : { ':reason': d.reason }),
        },
      },
    },
    { name: 'guard', delete: { Key: keys.escalationGuard(e.orgId, e.shiftId) } },
  ];
}

export function escalationItem(e: Escalation): Record<string, unknown> {
  return {
    ...keys.escalation(e.orgId, e.id),
    ...keys.escalationsOfOrg(e.orgId, e.requestedAt, e.id),
    type: 'ESCALATION',
    ...e,
  };
}

/**
 * Held while a shift has a raise waiting for an admin: one pending
 * escalation per shift, so two requests cannot leave two for the admin to
 * approve one after the other.
 */
export function escalationGuardKey(orgId: string, shiftId: string) {
  return keys.escalationGuard(orgId, shiftId);
}

export class EscalationRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(orgId: string, id: string): Promise<Escalation | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.escalation(orgId, id), ConsistentRead: true }),
    );
    return out.Item ? toRecord<Escalation>(out.Item) : undefined;
  }

  /** The raise of this shift waiting for an admin, if any: its guard names it. */
  async pendingOf(orgId: string, shiftId: string): Promise<Escalation | undefined> {
    const guard = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.escalationGuard(orgId, shiftId), ConsistentRead: true }),
    );
    const id = guard.Item?.escalationId;
    const e = typeof id === 'string' ? await this.get(orgId, id) : undefined;
    return e?.status === 'pending' ? e : undefined;
  }

  /** Raises an open shift's rate; with `decision`, as the approval of that escalation, in the same transaction. */
  async raise(raise: RateRaise, decision?: EscalationDecision): Promise<RateOutcome<'raised'>> {
    const out = await transact(this.db, this.table, [
      ...(decision ? decisionItems(decision) : []),
      ...raiseItems(raise),
    ]);
    if (out.ok) return { kind: 'raised' };
    return out.failed.includes('escalation') ? { kind: 'decided-already' } : { kind: 'shift-moved' };
  }

  /**
   * A raise above the cap waits for an admin: the escalation, its audit line,
   * and the shift's guard (one pending escalation per shift).
   */
  async request(
    escalation: Escalation,
    auditId: string,
  ): Promise<{ kind: 'requested' } | { kind: 'pending-already' } | { kind: 'shift-moved' }> {
    const out = await transact(this.db, this.table, [
      // Only while the shift is open: a raise requested as it is cancelled (or filled) would wait for ever.
      {
        name: 'shift',
        check: {
          Key: keys.shift(escalation.orgId, escalation.shiftId),
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        },
      },
      {
        name: 'guard',
        put: {
          Item: {
            ...escalationGuardKey(escalation.orgId, escalation.shiftId),
            type: 'GUARD',
            escalationId: escalation.id,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        name: 'escalation',
        put: { Item: escalationItem(escalation), ConditionExpression: 'attribute_not_exists(PK)' },
      },
      {
        name: 'audit',
        put: {
          Item: auditItem(escalation.orgId, escalation.shiftId, {
            id: auditId,
            at: escalation.requestedAt,
            actor: escalation.requestedBy,
            action: 'rate-escalated',
            detail: {
              escalationId: escalation.id,
              fromPence: escalation.fromPence,
              toPence: escalation.toPence,
              capPence: escalation.capPence,
              reason: escalation.reason,
            },
          }),
        },
      },
    ]);
    if (out.ok) return { kind: 'requested' };
    return { kind: out.failed.includes('shift') ? 'shift-moved' : 'pending-already' };
  }

  /** An admin turns a pending raise down: the decision, the freed guard and the shift's audit line. */
  async reject(decision: EscalationDecision, auditId: string): Promise<RateOutcome<'rejected'>> {
    const e = decision.escalation;
    const out = await transact(this.db, this.table, [
      ...decisionItems(decision),
      {
        name: 'audit',
        put: {
          Item: auditItem(e.orgId, e.shiftId, {
            id: auditId,
            at: decision.at,
            actor: decision.by,
            action: 'rate-rejected',
            detail: { escalationId: e.id, fromPence: e.fromPence, toPence: e.toPence, reason: decision.reason },
          }),
        },
      },
    ]);
    return out.ok ? { kind: 'rejected' } : { kind: 'decided-already' };
  }

  /** The organisation's escalations, newest first; an organisation has few (one per raise above a cap). */
  async list(orgId: string, status?: Escalation['status']): Promise<Escalation[]> {
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEX.escalationsByOrg.name,
        KeyConditionExpression: `${INDEX.escalationsByOrg.partitionKey} = :pk`,
        ScanIndexForward: false,
        ...(status
          ? {
              FilterExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pk': keys.escalationsOfOrgPartition(orgId), ':status': status },
            }
          : { ExpressionAttributeValues: { ':pk': keys.escalationsOfOrgPartition(orgId) } }),
      },
      (item) => toRecord<Escalation>(item),
    );
    return items;
  }

  /** A page of the organisation's escalations, newest first: those whose attributes match `where`. */
  async page(orgId: string, where: Where, page: PageRequest): Promise<Page<Escalation>> {
    const { partitionKey: pk } = INDEX.escalationsByOrg;
    const partition = keys.escalationsOfOrgPartition(orgId);
    const filter = filterOf(where);
    return queryPage(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEX.escalationsByOrg.name,
        KeyConditionExpression: `${pk} = :pk`,
        ScanIndexForward: false,
        ...filter,
        ExpressionAttributeValues: { ':pk': partition, ...filter.ExpressionAttributeValues },
        partitionAttribute: pk,
        partition,
      },
      page,
      (item) => toRecord<Escalation>(item),
    );
  }
}
