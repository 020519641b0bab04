import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentEscalation } from '../../lib/http/present';
import { rejectEscalation as ROUTE } from '../../lib/routes/escalations';
import { EscalationRepository } from '../../lib/store/escalations';
import { rejectEscalation } from '../../lib/use-cases/escalations';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const escalation = await rejectEscalation(caller, params.id ?? '', body, deps({ escalations: EscalationRepository }));
  return { status: 200, body: { escalation: presentEscalation(escalation) } };
});
