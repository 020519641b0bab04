import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimeOff } from '../../lib/http/present';
import { removeTimeOff as ROUTE } from '../../lib/routes/clinicians';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { removeTimeOff } from '../../lib/use-cases/time-off';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => {
  const timeOff = await removeTimeOff(
    caller,
    params.id ?? '',
    params.timeOffId ?? '',
    deps({ clinicians: ClinicianRepository, bookings: BookingRepository }),
  );
  return { status: 200, body: { timeOff: presentTimeOff(timeOff) } };
});
