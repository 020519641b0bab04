import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../lib/deps';
import { ConflictError } from '../lib/domain/errors';
import { keys } from '../lib/store/keys';
import { TableUserDirectory } from '../lib/users/table-directory';
import { generateDemoData } from './demo-data';

const SEED_KEY = { PK: 'LOCAL#SEED', SK: 'demo' };

async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        try {
          await fn(items[next++]!);
        } catch (error) {
          // A seed cut short last time left some records behind: keep them and carry on.
          if (!(error instanceof ConflictError && error.code === 'ALREADY_EXISTS')) throw error;
        }
      }
    }),
  );
}

/** Seeds the demo organisations on first start; a marker item makes it happen once per data folder. */
export async function seedDemoData(
  deps: Deps,
  now: Date,
): Promise<{ seeded: boolean; counts?: Record<string, number> }> {
  const marker = await deps.db.send(new GetCommand({ TableName: deps.table, Key: SEED_KEY, ConsistentRead: true }));
  if (marker.Item) return { seeded: false };
  const data = generateDemoData(now);
  const users = new TableUserDirectory(deps.db, deps.table);
  for (const org of data.organisations) {
    await deps.db.send(
      new PutCommand({ TableName: deps.table, Item: { ...keys.organisation(org.id), type: 'ORGANISATION', ...org } }),
    );
  }
  await inParallel(data.practices, 4, (p) => deps.practices.create(p));
  await inParallel(data.clinicians, 16, (c) => deps.clinicians.create(c));
  // The audit items behind the demo's IR35 determinations, which the profiles already name as current.
  const determinations = data.clinicians.flatMap((c) =>
    Object.entries(c.ir35 ?? {}).map(([practiceId, d]) => ({
      orgId: c.orgId,
      clinicianId: c.id,
      practiceId,
      determination: d.determination,
      reason: 'Sessional locum work: own indemnity, right of substitution, no control over how clinics are run',
      decidedBy: data.users.find((u) => u.orgId === c.orgId && u.role === 'admin')?.id ?? 'system',
      decidedAt: d.decidedAt,
    })),
  );
  await inParallel(determinations, 16, async (d) => {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.ir35Determination(d.orgId, d.clinicianId, d.decidedAt, d.practiceId), type: 'IR35', ...d },
      }),
    );
  });
  await inParallel(data.users, 16, async (u) => {
    await users.create(u);
  });
  await inParallel(data.templates, 8, (t) =>
    deps.templates.create(t).catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    }),
  );
  await deps.db.send(new PutCommand({ TableName: deps.table, Item: { ...SEED_KEY, at: now.toISOString() } }));
  return {
    seeded: true,
    counts: {
      organisations: data.organisations.length,
      practices: data.practices.length,
      clinicians: data.clinicians.length,
      users: data.users.length,
      templates: data.templates.length,
    },
  };
}
