import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentIr35 } from '../../lib/http/present';
import { listIr35 as ROUTE } from '../../lib/routes/clinicians';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { listIr35 } from '../../lib/use-cases/ir35';

export const handler = httpHandler(ROUTE, async ({ caller, params, query }) => {
  const page = await listIr35(caller, params.id ?? '', query, deps({ clinicians: ClinicianRepository }));
  return { status: 200, body: { determinations: page.items.map(presentIr35), nextCursor: page.nextCursor } };
});
