import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Shift, ShiftTemplate } from '../domain/types';
import * as keys from './keys';
import { INDEX } from './keys';
import { type Page, type PageRequest, pageOfIndexPartition } from './page';
import { toRecord } from './records';
import { AGAIN, type RetryPolicy, retry } from './retry';
import { auditItem, shiftItem } from './shifts';
import { transact } from './transact';

/** A session's guard is read again and taken over at most twice: a cancelled holder is replaced once, as a rule. */
const TAKE_OVER: RetryPolicy = { attempts: 3, baseMs: 10, capMs: 100, random: Math.random };

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

  /** A page of the practice's templates, oldest first. */
  async page(orgId: string, practiceId: string, page: PageRequest): Promise<Page<ShiftTemplate>> {
    const partition = keys.templatesOfPracticePartition(orgId, practiceId);
    return pageOfIndexPartition(this.db, this.table, INDEX.templatesByPractice, partition, page, (item) =>
      toRecord<ShiftTemplate>(item),
    );
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
    return retry(
      TAKE_OVER,
      async () => {
        const out = await transact(this.db, this.table, [
          {
            name: 'session',
            put: {
              Item: { ...guardKey, type: 'GUARD', shiftId: shift.id },
              ConditionExpression: condition,
              ExpressionAttributeValues: values,
            },
          },
          { name: 'shift', put: { Item: shiftItem(shift), ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            name: 'audit',
            put: {
              Item: auditItem(shift.orgId, shift.id, {
                id: audit.id,
                at: shift.postedAt,
                actor: audit.actor,
                action: 'posted',
                detail: { templateId: shift.templateId, date, session },
              }),
            },
          },
        ]);
        if (out.ok) return { outcome: 'posted' } as const;
        if (!out.failed.includes('session')) throw new Error(`Shift ${shift.id} is already stored`);
        const guard = await this.db.send(
          new GetCommand({ TableName: this.table, Key: guardKey, ConsistentRead: true }),
        );
        const holder = guard.Item?.shiftId as string | undefined;
        if (!holder) return AGAIN;
        const held = await this.db.send(
          new GetCommand({ TableName: this.table, Key: keys.shift(shift.orgId, holder), ConsistentRead: true }),
        );
        if (held.Item && held.Item.status !== 'cancelled') return { outcome: 'duplicate', shiftId: holder } as const;
        condition = 'shiftId = :holder';
        values = { ':holder': holder };
        return AGAIN;
      },
      () => new Error(`The session ${date}#${session} of template ${shift.templateId} kept changing`),
    );
  }
}
