import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentIr35 } from '../../lib/http/present';
import { listIr35 as ROUTE } from '../../lib/routes/clinicians';
import { listIr35 } from '../../lib/use-cases/ir35';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => {
  const determinations = await listIr35(caller, params.id ?? '', deps());
  return { status: 200, body: { determinations: determinations.map(presentIr35) } };
});
