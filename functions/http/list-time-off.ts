import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { listTimeOff } from '../../lib/use-cases/time-off';

export const handler = httpHandler('GET /clinicians/{id}/time-off', {}, async ({ caller, params }) => {
  const timeOff = await listTimeOff(caller, params.id ?? '', deps());
  return { status: 200, body: { timeOff } };
});
