import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';

export function createDocumentClient(options: { endpoint?: string; region?: string } = {}): DynamoDBDocumentClient {
  const endpoint = options.endpoint ?? config().DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    region: options.region ?? config().AWS_REGION,
    endpoint,
    // DynamoDB Local partitions data by access key and region; any fixed pair will do.
    ...(endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 5,
  });
  // With no logger configured the SDK still copies every request and reply through its sensitive-data
  // filter for a logger that discards them: a 500-item page or a 100-update transaction each time, the
  // largest share of the payroll export's garbage after the rows themselves. We log through our own logger.
  client.middlewareStack.remove('loggerMiddleware');
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

let shared: DynamoDBDocumentClient | undefined;

/** One client per Lambda instance, made on first use. */
export function documentClient(): DynamoDBDocumentClient {
  shared ??= createDocumentClient();
  return shared;
}
