import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentPractice } from '../../lib/http/present';
import { listPractices as ROUTE } from '../../lib/routes/practices';
import { listPractices } from '../../lib/use-cases/practices';

export const handler = httpHandler(ROUTE, async ({ caller }) => {
  const practices = await listPractices(caller, deps());
  return { status: 200, body: { practices: practices.map(presentPractice) } };
});
