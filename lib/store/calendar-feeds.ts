import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as keys from './keys';
import { type TransactItem, transact } from './transact';

/** A clinician's calendar subscription: the secret in its address, and when it was issued. */
export interface CalendarFeed {
  orgId: string;
  clinicianId: string;
  token: string;
  tokenHash: string;
  createdAt: string;
}

export interface CalendarFeedOwner {
  orgId: string;
  clinicianId: string;
  tokenHash: string;
}

/**
 * Two items per feed: the clinician's own (their partition, read only through
 * the authenticated routes) and the token's lookup (by hash, for the public
 * route). Issuing a new token replaces both in one transaction and deletes
 * the old lookup, so the old address stops working at once.
 */
export class CalendarFeedRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async current(orgId: string, clinicianId: string): Promise<CalendarFeed | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.calendarFeed(orgId, clinicianId), ConsistentRead: true }),
    );
    return Item ? feedOf(Item) : undefined;
  }

  async owner(tokenHash: string): Promise<CalendarFeedOwner | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.calendarFeedToken(tokenHash) }),
    );
    if (!Item) return undefined;
    return { orgId: String(Item.orgId), clinicianId: String(Item.clinicianId), tokenHash };
  }

  /**
   * Replaces `previous` (undefined: none yet) with `feed`. Written only if
   * the clinician's feed is still `previous`, so two rotations at once cannot
   * leave an orphaned token behind: the later one writes nothing and answers
   * false, for the caller to read again and retry.
   */
  async replace(feed: CalendarFeed, previous: CalendarFeed | undefined): Promise<{ kind: 'replaced' | 'moved' }> {
    const own = keys.calendarFeed(feed.orgId, feed.clinicianId);
    const items: TransactItem<'feed' | 'token' | 'previous-token'>[] = [
      {
        name: 'feed',
        put: {
          Item: { ...own, type: 'CALFEED', ...feed },
          ...(previous
            ? {
                ConditionExpression: 'tokenHash = :previous',
                ExpressionAttributeValues: { ':previous': previous.tokenHash },
              }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        },
      },
      {
        name: 'token',
        put: {
          Item: {
            ...keys.calendarFeedToken(feed.tokenHash),
            type: 'CALFEED_TOKEN',
            orgId: feed.orgId,
            clinicianId: feed.clinicianId,
            createdAt: feed.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
    if (previous) items.push({ name: 'previous-token', delete: { Key: keys.calendarFeedToken(previous.tokenHash) } });
    const out = await transact(this.db, this.table, items);
    return { kind: out.ok ? 'replaced' : 'moved' };
  }
}

function feedOf(item: Record<string, unknown>): CalendarFeed {
  return {
    orgId: String(item.orgId),
    clinicianId: String(item.clinicianId),
    token: String(item.token),
    tokenHash: String(item.tokenHash),
    createdAt: String(item.createdAt),
  };
}
