import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimeOff } from '../../lib/http/present';
import { addTimeOff as ROUTE } from '../../lib/routes/clinicians';
import { addTimeOff } from '../../lib/use-cases/time-off';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const timeOff = await addTimeOff(caller, params.id ?? '', body, deps());
  return { status: 201, body: { timeOff: presentTimeOff(timeOff) } };
});
