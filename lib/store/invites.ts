import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage, Role } from '../domain/types';
import * as keys from './keys';
import { INDEX } from './keys';
import { outboxItem } from './outbox';
import { type Page, type PageRequest, pageOfIndexPartition } from './page';
import { isConditionFailure, toRecord } from './records';
import { transact } from './transact';

/**
 * pending: the link works; claimed: an accept is making the applicant (a
 * claim left by a crashed accept may be taken again after a while);
 * accepted: used, for good.
 */
export type InviteStatus = 'pending' | 'claimed' | 'accepted';

export interface Invite {
  id: string;
  orgId: string;
  email: string;
  phone?: string;
  roles: Role[];
  /** SHA-256 of the link's token; the token itself is never stored. */
  tokenHash: string;
  status: InviteStatus;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  claimedAt?: string;
  clinicianId?: string;
  acceptedAt?: string;
}

/** The stored item of an invitation (the demo data writes these in bulk). */
export function inviteItem(invite: Invite): Record<string, unknown> {
  return {
    ...keys.invite(invite.tokenHash),
    ...keys.invitesOfOrg(invite.orgId, invite.createdAt, invite.id),
    type: 'INVITE',
    ...invite,
  };
}

/** How long a claim holds before another accept of the same link may take it (a crashed accept's, say). */
export const CLAIM_HOLD_MS = 5 * 60_000;

/**
 * One item per invitation, keyed by its token's hash (the public routes
 * know nothing else), listed per organisation through INDEX.invitesByOrg. Single use is
 * the item's own condition: a claim moves it from pending, so of two accepts
 * at once exactly one gets it.
 */
export class InviteRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Written with its email's outbox record in one transaction: no invitation without its email. */
  async create(invite: Invite, email: OutboxMessage, nowMs: number): Promise<void> {
    const out = await transact(this.db, this.table, [
      { name: 'invite', put: { Item: inviteItem(invite), ConditionExpression: 'attribute_not_exists(PK)' } },
      { name: 'email', put: { Item: outboxItem(email, nowMs) } },
    ]);
    // The token is new and random: its hash already held is a fault, not a race.
    if (!out.ok) throw new Error(`Invitation ${invite.id} not written: its token is already stored`);
  }

  async byTokenHash(tokenHash: string): Promise<Invite | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.invite(tokenHash), ConsistentRead: true }),
    );
    return Item ? toRecord<Invite>(Item) : undefined;
  }

  /** A page of the organisation's invitations, newest first. */
  async page(orgId: string, page: PageRequest): Promise<Page<Invite>> {
    const partition = keys.invitesOfOrgPartition(orgId);
    return pageOfIndexPartition(
      this.db,
      this.table,
      INDEX.invitesByOrg,
      partition,
      page,
      (item) => toRecord<Invite>(item),
      { newestFirst: true },
    );
  }

  /**
   * Takes the invitation for one accept: only while pending (or claimed by
   * an accept that has not finished within {@link CLAIM_HOLD_MS}) and
   * unexpired. False: someone else has it, it was used, or it has expired.
   */
  async claim(tokenHash: string, clinicianId: string, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.invite(tokenHash),
          UpdateExpression: 'SET #status = :claimed, claimedAt = :now, clinicianId = :clinician',
          ConditionExpression:
            'attribute_exists(PK) AND expiresAt > :now AND (#status = :pending OR (#status = :claimed AND claimedAt < :stale))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
            ':pending': 'pending',
            ':now': now.toISOString(),
            ':stale': new Date(now.getTime() - CLAIM_HOLD_MS).toISOString(),
            ':clinician': clinicianId,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Gives back a claim whose accept failed (a phone number in use, say), so the link works again. */
  async release(tokenHash: string, clinicianId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.invite(tokenHash),
          UpdateExpression: 'SET #status = :pending REMOVE claimedAt, clinicianId',
          ConditionExpression: '#status = :claimed AND clinicianId = :clinician',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':pending': 'pending', ':clinician': clinicianId },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Marks the invitation used by the accept holding its claim; false if that claim was lost meanwhile. */
  async complete(tokenHash: string, clinicianId: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.invite(tokenHash),
          UpdateExpression: 'SET #status = :accepted, acceptedAt = :at',
          ConditionExpression: '#status = :claimed AND clinicianId = :clinician',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
            ':accepted': 'accepted',
            ':clinician': clinicianId,
            ':at': at,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
