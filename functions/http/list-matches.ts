import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentMatches } from '../../lib/http/present';
import { listMatches as ROUTE } from '../../lib/routes/shifts';
import { OFFERING_REPOSITORIES } from '../../lib/store/offering-repositories';
import { shiftMatches } from '../../lib/use-cases/matching';

export const handler = httpHandler(ROUTE, async ({ caller, params, query }) => ({
  status: 200,
  body: presentMatches(
    await shiftMatches(caller, params.id ?? '', deps(OFFERING_REPOSITORIES), { clinicianId: query.clinicianId }),
  ),
}));
