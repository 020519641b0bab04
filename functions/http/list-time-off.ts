import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimeOff } from '../../lib/http/present';
import { listTimeOff as ROUTE } from '../../lib/routes/clinicians';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { listTimeOff } from '../../lib/use-cases/time-off';

export const handler = httpHandler(ROUTE, async ({ caller, params, query }) => {
  const page = await listTimeOff(caller, params.id ?? '', query, deps({ clinicians: ClinicianRepository }));
  return { status: 200, body: { timeOff: page.items.map(presentTimeOff), nextCursor: page.nextCursor } };
});
