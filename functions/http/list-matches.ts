import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { listMatches as ROUTE } from '../../lib/routes/shifts';
import { shiftMatches } from '../../lib/use-cases/matching';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: await shiftMatches(caller, params.id ?? '', deps()),
}));
