import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { removeTimeOff } from '../../lib/use-cases/time-off';

export const handler = httpHandler('DELETE /clinicians/{id}/time-off/{timeOffId}', {}, async ({ caller, params }) => {
  const timeOff = await removeTimeOff(caller, params.id ?? '', params.timeOffId ?? '', deps());
  return { status: 200, body: { timeOff } };
});
