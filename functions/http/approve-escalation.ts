import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentEscalation } from '../../lib/http/present';
import { approveEscalation as ROUTE } from '../../lib/routes/escalations';
import { EscalationRepository } from '../../lib/store/escalations';
import { ShiftRepository } from '../../lib/store/shifts';
import { approveEscalation } from '../../lib/use-cases/escalations';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const escalation = await approveEscalation(
    caller,
    params.id ?? '',
    body,
    deps({ shifts: ShiftRepository, escalations: EscalationRepository }),
  );
  return { status: 200, body: { escalation: presentEscalation(escalation) } };
});
