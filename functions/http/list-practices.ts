import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentPractice } from '../../lib/http/present';
import { listPractices as ROUTE } from '../../lib/routes/practices';
import { PracticeRepository } from '../../lib/store/practices';
import { listPractices } from '../../lib/use-cases/practices';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await listPractices(caller, query, deps({ practices: PracticeRepository }));
  return { status: 200, body: { practices: page.items.map(presentPractice), nextCursor: page.nextCursor } };
});
