import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors';
import * as keys from '../store/keys';
import { INDEX } from '../store/keys';
import { queryAll } from '../store/page';
import { isConditionFailure, toRecord } from '../store/records';
import { type TransactItem, transact } from '../store/transact';
import type { UserAccount, UserDirectory } from './directory';

/**
 * The items a sign-in is stored as: the user record, and for a clinician the
 * pointer from the clinician to it. `create` writes them guarded; a bulk load
 * into a table known to hold none (the local demo data) writes them as they are.
 */
export function userItems(account: UserAccount): Record<string, unknown>[] {
  const record = { ...account, email: account.email.toLowerCase() };
  const user = {
    ...keys.user(account.email),
    ...keys.usersOfOrg(account.orgId, account.role, record.email),
    type: 'USER',
    ...record,
  };
  if (!account.clinicianId) return [user];
  return [user, { ...keys.clinicianSignIn(account.orgId, account.clinicianId), type: 'SIGNIN', email: record.email }];
}

/**
 * The users' records, kept in the table in both worlds: the local runtime's
 * sign-ins, and in AWS the record each Cognito user's claims are checked
 * against. One item per email address across organisations, because a
 * Cognito sign-in (the pool's username) is one per email address.
 */
export class TableUserDirectory implements UserDirectory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(account: UserAccount): Promise<UserAccount> {
    const record = { ...account, email: account.email.toLowerCase() };
    const [user, signIn] = userItems(account);
    const items: TransactItem<'user' | 'signIn'>[] = [
      { name: 'user', put: { Item: user!, ConditionExpression: 'attribute_not_exists(PK)' } },
    ];
    if (signIn) items.push({ name: 'signIn', put: { Item: signIn } });
    // Only the user record carries a condition.
    if (!(await transact(this.db, this.table, items)).ok) {
      throw new ConflictError('ALREADY_EXISTS', `A sign-in for ${account.email} exists`);
    }
    return record;
  }

  /** A clinician's sign-in, found by the clinician whatever their email has become since. */
  async ofClinician(orgId: string, clinicianId: string): Promise<UserAccount | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.clinicianSignIn(orgId, clinicianId), ConsistentRead: true }),
    );
    const email = out.Item?.email;
    if (typeof email !== 'string') return undefined;
    const user = await this.get(email);
    return user?.orgId === orgId && user.clinicianId === clinicianId ? user : undefined;
  }

  async get(email: string): Promise<UserAccount | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.user(email), ConsistentRead: true }),
    );
    return out.Item ? toRecord<UserAccount>(out.Item) : undefined;
  }

  async disable(email: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.user(email),
          UpdateExpression: 'SET #status = :disabled, disabledAt = if_not_exists(disabledAt, :at)',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':disabled': 'disabled', ':at': at },
        }),
      );
    } catch (error) {
      // No record, no sign-in to stop: every token naming it is refused already.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async list(): Promise<UserAccount[]> {
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEX.users.name,
        KeyConditionExpression: `${INDEX.users.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.usersPartition() },
      },
      (i) => toRecord<UserAccount>(i),
    );
    return items;
  }
}

/** An organisation's sign-ins of one role, from the users index (AWS keeps these records beside Cognito too). */
export async function usersWithRole(
  db: DynamoDBDocumentClient,
  table: string,
  orgId: string,
  role: UserAccount['role'],
): Promise<UserAccount[]> {
  const prefix = keys.usersOfRolePrefix(orgId, role);
  const { items } = await queryAll(
    db,
    {
      TableName: table,
      IndexName: INDEX.users.name,
      KeyConditionExpression: `${INDEX.users.partitionKey} = :pk AND begins_with(${INDEX.users.sortKey}, :prefix)`,
      ExpressionAttributeValues: { ':pk': prefix.GSI1PK, ':prefix': prefix.GSI1SKPrefix },
    },
    (i) => toRecord<UserAccount>(i),
  );
  return items;
}
