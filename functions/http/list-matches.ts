import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { shiftMatches } from '../../lib/use-cases/matching';

export const handler = httpHandler('GET /shifts/{id}/matches', {}, async ({ caller, params }) => ({
  status: 200,
  body: await shiftMatches(caller, params.id ?? '', deps()),
}));
