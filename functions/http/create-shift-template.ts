import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTemplate } from '../../lib/http/present';
import { createShiftTemplate as ROUTE } from '../../lib/routes/rota';
import { PracticeRepository } from '../../lib/store/practices';
import { TemplateRepository } from '../../lib/store/templates';
import { createTemplate } from '../../lib/use-cases/rota';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => {
  const template = await createTemplate(
    caller,
    body,
    deps({ practices: PracticeRepository, templates: TemplateRepository }),
  );
  return { status: 201, body: { template: presentTemplate(template) } };
});
