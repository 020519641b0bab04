import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDeps, type Deps } from '../../lib/deps';
import { SettableClock } from '../../lib/domain/ports';
import { createDocumentClient } from '../../lib/store/client';
import { ensureTable } from '../../local/dynamodb-local';

/**
 * A fresh table, built from the one table definition, on the run's DynamoDB
 * Local, with the real repositories and a clock the test sets.
 */
export async function freshDeps(now = new Date('2026-11-22T09:00:00Z')): Promise<Deps & { clock: SettableClock }> {
  const endpoint = inject('dynamodbEndpoint');
  const table = `test-${randomUUID()}`;
  await ensureTable(endpoint, table);
  const db = createDocumentClient({ endpoint, region: 'eu-west-2' });
  const clock = new SettableClock(now);
  return { ...createDeps(db, table), clock };
}
