import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { getMe as ROUTE } from '../../lib/routes/system';
import { describeCaller } from '../../lib/use-cases/me';

export const handler = httpHandler(ROUTE, async ({ caller }) => ({
  status: 200,
  body: await describeCaller(caller, deps({})),
}));
