import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RateLimitedError } from '../domain/errors';
import * as keys from './keys';
import { isConditionFailure } from './records';

/**
 * A fixed-window counter in the table: the window's item counts hits and
 * refuses the one over the limit, whichever Lambda instance it reaches.
 */
export async function hit(
  db: DynamoDBDocumentClient,
  table: string,
  options: { key: string; limit: number; windowSeconds: number; now: Date },
): Promise<void> {
  const window = Math.floor(options.now.getTime() / 1000 / options.windowSeconds);
  try {
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.rateWindow(options.key, window),
        UpdateExpression: 'ADD hits :one SET #ttl = if_not_exists(#ttl, :ttl)',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': options.limit,
          ':ttl': (window + 2) * options.windowSeconds,
        },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new RateLimitedError('Too many requests; try again shortly');
    throw error;
  }
}
