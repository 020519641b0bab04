import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { RotaQuery } from '../../lib/schemas/rota';
import { weekView } from '../../lib/use-cases/rota';

export const handler = httpHandler('GET /rota', { query: RotaQuery }, async ({ caller, query }) => {
  return { status: 200, body: await weekView(caller, query, deps()) };
});
