import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';

/** The organisation's name as texts name it; undefined when its record has none. */
export async function organisationName(
  db: DynamoDBDocumentClient,
  table: string,
  orgId: string,
): Promise<string | undefined> {
  const out = await db.send(
    new GetCommand({
      TableName: table,
      Key: keys.organisation(orgId),
      ProjectionExpression: '#name',
      ExpressionAttributeNames: { '#name': 'name' },
    }),
  );
  const name = out.Item?.name;
  return typeof name === 'string' && name.trim() ? name : undefined;
}
