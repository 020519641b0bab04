import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentPensionAtRisk } from '../../lib/http/present';
import { pensionAtRisk as ROUTE } from '../../lib/routes/pension';
import { pensionAtRisk } from '../../lib/use-cases/pension';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await pensionAtRisk(caller, query, deps());
  return { status: 200, body: { sessions: page.items.map(presentPensionAtRisk), nextCursor: page.nextCursor } };
});
