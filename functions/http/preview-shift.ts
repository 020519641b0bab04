import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { previewShift as ROUTE } from '../../lib/routes/escalations';
import { previewShift } from '../../lib/use-cases/escalations';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => ({
  status: 200,
  body: await previewShift(caller, body, deps()),
}));
