import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { CreateTimeOffBody } from '../../lib/schemas/time-off';
import { addTimeOff } from '../../lib/use-cases/time-off';

export const handler = httpHandler(
  'POST /clinicians/{id}/time-off',
  { body: CreateTimeOffBody },
  async ({ caller, params, body }) => {
    const timeOff = await addTimeOff(caller, params.id ?? '', body, deps());
    return { status: 201, body: { timeOff } };
  },
);
