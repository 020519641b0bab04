import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTemplate } from '../../lib/http/present';
import { ListTemplatesQuery } from '../../lib/schemas/rota';
import { listTemplates } from '../../lib/use-cases/rota';

export const handler = httpHandler('GET /shift-templates', { query: ListTemplatesQuery }, async ({ caller, query }) => {
  const templates = await listTemplates(caller, query.practiceId, deps());
  return { status: 200, body: { templates: templates.map(presentTemplate) } };
});
