import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentEscalation } from '../../lib/http/present';
import { listEscalations as ROUTE } from '../../lib/routes/escalations';
import { EscalationRepository } from '../../lib/store/escalations';
import { listEscalations } from '../../lib/use-cases/escalations';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await listEscalations(caller, query, deps({ escalations: EscalationRepository }));
  return { status: 200, body: { escalations: page.items.map(presentEscalation), nextCursor: page.nextCursor } };
});
