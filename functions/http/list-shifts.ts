import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentShift } from '../../lib/http/present';
import { listShifts as ROUTE } from '../../lib/routes/shifts';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianReads } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { listShifts } from '../../lib/use-cases/shifts';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianReads,
  shifts: ShiftRepository,
  bookings: BookingRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const { limit, cursor, ...filter } = query;
  const page = await listShifts(caller, filter, { limit, cursor }, deps(repositories));
  return { status: 200, body: { shifts: page.items.map((s) => presentShift(s, caller)), nextCursor: page.nextCursor } };
});
