import { httpHandler } from '../../lib/http/handler';
import { apiOrigin } from '../../lib/http/origin';
import { openApiDocument } from '../../lib/routes/openapi';
import { getOpenApi as ROUTE } from '../../lib/routes/system';

type Document = ReturnType<typeof openApiDocument>;
let document: Document | undefined;

/** Built once per instance; `servers` names the origin it was asked on, so a tool given the document finds the API. */
export const handler = httpHandler(ROUTE, async ({ event }) => {
  document ??= openApiDocument();
  return { status: 200, body: { ...document, servers: [{ ...document.servers[0]!, url: apiOrigin(event) }] } };
});
