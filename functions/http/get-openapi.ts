import { httpHandler } from '../../lib/http/handler';
import { openApiDocument } from '../../lib/schemas/openapi';

let document: unknown;

export const handler = httpHandler('GET /openapi.json', {}, async () => {
  document ??= openApiDocument();
  return { status: 200, body: document };
});
