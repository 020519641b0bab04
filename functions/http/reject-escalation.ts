import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentEscalation } from '../../lib/http/present';
import { rejectEscalation as ROUTE } from '../../lib/routes/escalations';
import { rejectEscalation } from '../../lib/use-cases/escalations';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const escalation = await rejectEscalation(caller, params.id ?? '', body, deps());
  return { status: 200, body: { escalation: presentEscalation(escalation) } };
});
