import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { MatchesQuery } from '../../lib/schemas/booking';
import { shiftMatches } from '../../lib/use-cases/matching';

export const handler = httpHandler(
  'GET /shifts/{id}/matches',
  { query: MatchesQuery },
  async ({ caller, params, query }) => ({
    status: 200,
    body: await shiftMatches(caller, params.id ?? '', deps(), { clinicianId: query.clinicianId }),
  }),
);
