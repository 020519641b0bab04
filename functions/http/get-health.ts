import { ServiceUnavailableError } from '../../lib/domain/errors';
import { unhealthyBecause } from '../../lib/health';
import { httpHandler } from '../../lib/http/handler';
import { getHealth as ROUTE } from '../../lib/routes/system';

export const handler = httpHandler(ROUTE, async () => {
  const problem = await unhealthyBecause();
  if (problem) throw new ServiceUnavailableError(problem);
  return { status: 200, body: { status: 'ok' as const } };
});
