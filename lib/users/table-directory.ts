import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors';
import { keys } from '../store/keys';
import { queryAll } from '../store/page';
import { isConditionFailure, toRecord } from '../store/records';
import type { UserAccount, UserDirectory } from './directory';

/** The local runtime's sign-ins, kept in the table so a restart keeps them. */
export class TableUserDirectory implements UserDirectory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(account: UserAccount): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.user(account.email),
            GSI1PK: keys.usersIndex().GSI1PK,
            GSI1SK: `${account.orgId}#${account.role}#${account.email.toLowerCase()}`,
            type: 'USER',
            ...account,
            email: account.email.toLowerCase(),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError('ALREADY_EXISTS', `A sign-in for ${account.email} exists`);
      throw error;
    }
  }

  async get(email: string): Promise<UserAccount | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.user(email) }));
    return out.Item ? toRecord<UserAccount>(out.Item) : undefined;
  }

  async list(): Promise<UserAccount[]> {
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.usersIndex().GSI1PK },
      },
      (i) => toRecord<UserAccount>(i),
    );
    return items;
  }
}
