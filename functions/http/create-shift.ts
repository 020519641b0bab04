import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentOffer, presentShift } from '../../lib/http/present';
import { createShift as ROUTE } from '../../lib/routes/shifts';
import { tableScheduler } from '../../lib/schedule/table-scheduler';
import { OFFERING_REPOSITORIES } from '../../lib/store/offering-repositories';
import { postShift } from '../../lib/use-cases/shifts';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => {
  const { shift, offers } = await postShift(caller, body, deps(OFFERING_REPOSITORIES, { jobs: tableScheduler }));
  return { status: 201, body: { shift: presentShift(shift, caller), offers: offers.map((o) => presentOffer(o)) } };
});
