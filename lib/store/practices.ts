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

  /**
   * Changes the fields given (a map such as `maxHourlyRatePence` is replaced
   * whole). A new ODS code takes its guard and frees the old one in the same
   * transaction, so codes stay unique.
   */
  async update(before: Practice, change: Partial<Omit<Practice, 'orgId' | 'id' | 'createdAt'>>): Promise<Practice> {
    const fields = Object.entries(change).filter(([, v]) => v !== undefined);
    if (!fields.length) return before;
    const names = Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k]));
    const values = Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v]));
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Update: {
          TableName: this.table,
          Key: keys.practice(before.orgId, before.id),
          UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    ];
    const code = change.odsCode;
    if (code !== undefined && code !== before.odsCode) {
      items.push(
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.odsCode(before.orgId, code), type: 'GUARD', practiceId: before.id },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Delete: {
            TableName: this.table,
            Key: keys.odsCode(before.orgId, before.odsCode),
            ConditionExpression: 'practiceId = :me',
            ExpressionAttributeValues: { ':me': before.id },
          },
        },
      );
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[1] === 'ConditionalCheckFailed') {
        throw new ConflictError('ALREADY_EXISTS', `A practice with ODS code ${code} already exists`, [
          { path: 'body.odsCode', message: 'is already used by another practice' },
        ]);
      }
      if (codes?.some((c) => c === 'ConditionalCheckFailed')) {
        throw new ConflictError('INVALID_STATE', 'The practice changed meanwhile: read it again');
      }
      throw error;
    }
    return { ...before, ...Object.fromEntries(fields) };
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
