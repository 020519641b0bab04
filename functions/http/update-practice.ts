import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentPractice } from '../../lib/http/present';
import { updatePractice as ROUTE } from '../../lib/routes/escalations';
import { PracticeRepository } from '../../lib/store/practices';
import { updatePractice } from '../../lib/use-cases/escalations';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const practice = await updatePractice(caller, params.id ?? '', body, deps({ practices: PracticeRepository }));
  return { status: 200, body: { practice: presentPractice(practice) } };
});
