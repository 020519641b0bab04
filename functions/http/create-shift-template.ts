import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTemplate } from '../../lib/http/present';
import { createShiftTemplate as ROUTE } from '../../lib/routes/rota';
import { createTemplate } from '../../lib/use-cases/rota';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => {
  const template = await createTemplate(caller, body, deps());
  return { status: 201, body: { template: presentTemplate(template) } };
});
