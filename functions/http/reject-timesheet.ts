import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimesheet } from '../../lib/http/present';
import { rejectTimesheet as ROUTE } from '../../lib/routes/timesheets';
import { ClinicianReads } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { TimesheetRepository } from '../../lib/store/timesheets';
import { rejectTimesheet } from '../../lib/use-cases/timesheets';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianReads,
  shifts: ShiftRepository,
  timesheets: TimesheetRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 200,
  body: {
    timesheet: presentTimesheet(await rejectTimesheet(caller, params.id ?? '', body.reason, deps(repositories))),
  },
}));
