import { deps } from '../../lib/deps';
import { londonDate } from '../../lib/domain/time';
import { httpHandler } from '../../lib/http/handler';
import { presentAtRisk } from '../../lib/http/present';
import { listComplianceAtRisk as ROUTE } from '../../lib/routes/compliance';
import { complianceAtRisk } from '../../lib/use-cases/compliance';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const d = deps();
  const page = await complianceAtRisk(caller, query, d);
  const today = londonDate(d.clock.now());
  return { status: 200, body: { atRisk: page.items.map((l) => presentAtRisk(l, today)), nextCursor: page.nextCursor } };
});
