import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTemplate } from '../../lib/http/present';
import { listShiftTemplates as ROUTE } from '../../lib/routes/rota';
import { PracticeRepository } from '../../lib/store/practices';
import { TemplateRepository } from '../../lib/store/templates';
import { listTemplates } from '../../lib/use-cases/rota';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const { practiceId, ...page } = query;
  const templates = await listTemplates(
    caller,
    practiceId,
    page,
    deps({ practices: PracticeRepository, templates: TemplateRepository }),
  );
  return { status: 200, body: { templates: templates.items.map(presentTemplate), nextCursor: templates.nextCursor } };
});
