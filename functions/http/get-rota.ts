import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentRota } from '../../lib/http/present';
import { getRota as ROUTE } from '../../lib/routes/rota';
import { weekView } from '../../lib/use-cases/rota';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => ({
  status: 200,
  body: presentRota(await weekView(caller, query, deps())),
}));
