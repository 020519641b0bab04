import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentPractice } from '../../lib/http/present';
import { createPractice as ROUTE } from '../../lib/routes/practices';
import { PracticeRepository } from '../../lib/store/practices';
import { createPractice } from '../../lib/use-cases/practices';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => {
  const practice = await createPractice(caller, body, deps({ practices: PracticeRepository }));
  return { status: 201, body: { practice: presentPractice(practice) } };
});
