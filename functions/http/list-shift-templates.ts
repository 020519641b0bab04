import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTemplate } from '../../lib/http/present';
import { listShiftTemplates as ROUTE } from '../../lib/routes/rota';
import { listTemplates } from '../../lib/use-cases/rota';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const templates = await listTemplates(caller, query.practiceId, deps());
  return { status: 200, body: { templates: templates.map(presentTemplate) } };
});
