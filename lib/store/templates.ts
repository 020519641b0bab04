import { type DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Shift, ShiftTemplate } from '../domain/types';
import { INDEX, keys } from './keys';
import { queryAll } from './page';
import { cancellationCodes, toRecord } from './records';
import { auditItem, shiftItem } from './shifts';

export type PostedFromTemplate = { outcome: 'posted' } | { outcome: 'duplicate'; shiftId: string };

export class TemplateRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(template: ShiftTemplate): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.template(template.orgId, template.id),
          ...keys.templatesOfPractice(template.orgId, template.practiceId, template.createdAt, template.id),
          type: 'TEMPLATE',
          ...template,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async get(orgId: string, id: string): Promise<ShiftTemplate | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.template(orgId, id) }));
    return out.Item ? toRecord<ShiftTemplate>(out.Item) : undefined;
  }

  async ofPractice(orgId: string, practiceId: string): Promise<ShiftTemplate[]> {
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEX.templatesByPractice.name,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.templatesOfPracticeIndex(orgId, practiceId) },
      },
      (item) => toRecord<ShiftTemplate>(item),
    );
    return items;
  }

  /**
   * Stores a shift posted from a template's session on a London date, with
   * its audit line, only if that session of that date holds no other live
   * shift of the template. A session whose shift was cancelled may be posted
   * again: the guard is taken over only while it still names that shift.
   */
  async postSession(
    shift: Shift & { templateId: string },
    date: string,
    session: number,
    audit: { id: string; actor: string },
  ): Promise<PostedFromTemplate> {
    const guardKey = keys.templateSession(shift.orgId, shift.templateId, date, session);
    let condition = 'attribute_not_exists(PK)';
    let values: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: { ...guardKey, type: 'GUARD', shiftId: shift.id },
                  ConditionExpression: condition,
                  ExpressionAttributeValues: values,
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: shiftItem(shift),
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: auditItem(shift.orgId, shift.id, {
                    id: audit.id,
                    at: shift.postedAt,
                    actor: audit.actor,
                    action: 'posted',
                    detail: { templateId: shift.templateId, date, session },
                  }),
                },
              },
            ],
          }),
        );
        return { outcome: 'posted' };
      } catch (error) {
        if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
        const guard = await this.db.send(
          new GetCommand({ TableName: this.table, Key: guardKey, ConsistentRead: true }),
        );
        const holder = guard.Item?.shiftId as string | undefined;
        if (!holder) continue;
        const held = await this.db.send(
          new GetCommand({ TableName: this.table, Key: keys.shift(shift.orgId, holder), ConsistentRead: true }),
        );
        if (held.Item && held.Item.status !== 'cancelled') return { outcome: 'duplicate', shiftId: holder };
        condition = 'shiftId = :holder';
        values = { ':holder': holder };
      }
    }
    throw new Error(`The session ${date}#${session} of template ${shift.templateId} kept changing`);
  }
}
