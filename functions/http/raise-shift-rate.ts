import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentEscalation, presentShift } from '../../lib/http/present';
import { raiseShiftRate as ROUTE } from '../../lib/routes/escalations';
import { EscalationRepository } from '../../lib/store/escalations';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { raiseShiftRate } from '../../lib/use-cases/escalations';

const repositories = { practices: PracticeRepository, shifts: ShiftRepository, escalations: EscalationRepository };

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const out = await raiseShiftRate(caller, params.id ?? '', body, deps(repositories));
  return out.applied
    ? { status: 200, body: { shift: presentShift(out.shift, caller) } }
    : { status: 202, body: { escalation: presentEscalation(out.escalation) } };
});
