import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimesheet } from '../../lib/http/present';
import { submitTimesheet as ROUTE } from '../../lib/routes/timesheets';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianReads } from '../../lib/store/clinicians';
import { ShiftRepository } from '../../lib/store/shifts';
import { TimesheetRepository } from '../../lib/store/timesheets';
import { submitTimesheet } from '../../lib/use-cases/timesheets';

const repositories = {
  clinicians: ClinicianReads,
  shifts: ShiftRepository,
  bookings: BookingRepository,
  timesheets: TimesheetRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 201,
  body: {
    timesheet: presentTimesheet(
      await submitTimesheet(
        caller,
        params.id ?? '',
        body ?? {},
        deps(repositories, { scheduler: eventBridgeScheduler }),
      ),
    ),
  },
}));
