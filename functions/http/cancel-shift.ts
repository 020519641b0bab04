import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentShift } from '../../lib/http/present';
import { cancelShift as ROUTE } from '../../lib/routes/shifts';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { EscalationRepository } from '../../lib/store/escalations';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { cancelShift } from '../../lib/use-cases/cancellations';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianRepository,
  shifts: ShiftRepository,
  bookings: BookingRepository,
  escalations: EscalationRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const shift = await cancelShift(
    caller,
    params.id ?? '',
    body.reason,
    deps(repositories, { scheduler: eventBridgeScheduler }),
    { acknowledgeLateFee: body.acknowledgeLateFee },
  );
  return { status: 200, body: { shift: presentShift(shift, caller) } };
});
