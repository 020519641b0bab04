import { httpHandler } from '../../lib/http/handler';
import { apiOrigin } from '../../lib/http/origin';
import { builtOpenApiDocument, type OpenApiDocument } from '../../lib/routes/openapi-built';
import { getOpenApi as ROUTE } from '../../lib/routes/system';

let document: OpenApiDocument | undefined;

/**
 * The document generated when the function was bundled, read once per
 * instance; `servers` names the origin it was asked on, so a tool given the
 * document finds the API.
 */
export const handler = httpHandler(ROUTE, async ({ event }) => {
  document ??= builtOpenApiDocument();
  return { status: 200, body: { ...document, servers: [{ ...document.servers[0]!, url: apiOrigin(event) }] } };
});
