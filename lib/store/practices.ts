import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors';
import type { Practice } from '../domain/types';
import { keys } from './keys';
import { queryAll } from './page';
import { cancellationCodes, toRecord } from './records';

export class PracticeRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** ODS codes are unique within an organisation. */
  async create(practice: Practice): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.practice(practice.orgId, practice.id), type: 'PRACTICE', ...practice },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.odsCode(practice.orgId, practice.odsCode), type: 'GUARD', practiceId: practice.id },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[1] === 'ConditionalCheckFailed') {
        throw new ConflictError('ALREADY_EXISTS', `A practice with ODS code ${practice.odsCode} already exists`, [
          { path: 'body.odsCode', message: 'is already used by another practice' },
        ]);
      }
      throw error;
    }
  }

  async get(orgId: string, id: string): Promise<Practice | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.practice(orgId, id) }));
    return out.Item ? toRecord<Practice>(out.Item) : undefined;
  }

  async list(orgId: string): Promise<Practice[]> {
    const { PK, SKPrefix } = keys.practicesPrefix(orgId);
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': PK, ':sk': SKPrefix },
      },
      (item) => toRecord<Practice>(item),
    );
    return items.sort((a, b) => a.name.localeCompare(b.name));
  }
}
