import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentShift } from '../../lib/http/present';
import { getShift as ROUTE } from '../../lib/routes/shifts';
import { ShiftRepository } from '../../lib/store/shifts';
import { getShift } from '../../lib/use-cases/shifts';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => {
  const shift = await getShift(caller, params.id ?? '', deps({ shifts: ShiftRepository }));
  return { status: 200, body: { shift: presentShift(shift, caller) } };
});
