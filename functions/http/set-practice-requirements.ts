import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentPractice } from '../../lib/http/present';
import { setPracticeRequirements as ROUTE } from '../../lib/routes/compliance';
import { PracticeRepository } from '../../lib/store/practices';
import { setPracticeRequirements } from '../../lib/use-cases/compliance';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const practice = await setPracticeRequirements(
    caller,
    params.id ?? '',
    body.types,
    deps({ practices: PracticeRepository }),
  );
  return { status: 200, body: { practice: presentPractice(practice) } };
});
