import { ServiceUnavailableError } from '../../lib/domain/errors';
import { unhealthyBecause } from '../../lib/health';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler('GET /health', {}, async () => {
  const problem = await unhealthyBecause();
  if (problem) throw new ServiceUnavailableError(problem);
  return { status: 200, body: { status: 'ok' } };
});
