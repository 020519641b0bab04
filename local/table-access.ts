import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from '../lib/http/route';

/**
 * In AWS a GET route's function may only read the table: its role grants
 * GetItem, BatchGetItem and Query (cdk/constructs/data.ts), so a write there
 * is refused by IAM. DynamoDB Local checks no IAM, so a GET handler that
 * writes (GET /invites/{token} counting openings, once) passed every local
 * test and answered 500 in AWS. The local adapter runs each handler inside
 * its route's access, and the handlers' client refuses what the role would.
 */
const access = new AsyncLocalStorage<TableAccess>();

/** What a read-only role allows, by the command names the SDK reports (the client's and the document client's). */
const READS = new Set([
  'GetItemCommand',
  'GetCommand',
  'BatchGetItemCommand',
  'BatchGetCommand',
  'QueryCommand',
  'TransactGetItemsCommand',
  'TransactGetCommand',
]);

export function withTableAccess<T>(granted: TableAccess, work: () => Promise<T>): Promise<T> {
  return access.run(granted, work);
}

/** Makes `db` refuse, inside a read-only route's handler, any request but a read, as IAM does. */
export function guardTableAccess(db: DynamoDBDocumentClient): void {
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      if (access.getStore() === 'read' && !READS.has(name)) {
        throw Object.assign(
          new Error(
            `Not authorized to perform ${name.replace(/Command$/, '')}: this route's function may only read the table (as its role in AWS)`,
          ),
          { name: 'AccessDeniedException', $fault: 'client' },
        );
      }
      return next(args);
    },
    { step: 'initialize', name: 'localTableAccessGuard', override: true },
  );
}
