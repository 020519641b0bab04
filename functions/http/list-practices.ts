import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentPractice } from '../../lib/http/present';
import { listPractices } from '../../lib/use-cases/practices';

export const handler = httpHandler('GET /practices', {}, async ({ caller }) => {
  const practices = await listPractices(caller, deps());
  return { status: 200, body: { practices: practices.map(presentPractice) } };
});
