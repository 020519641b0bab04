import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimesheet } from '../../lib/http/present';
import { amendTimesheet as ROUTE } from '../../lib/routes/timesheets';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { TimesheetRepository } from '../../lib/store/timesheets';
import { amendTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 200,
  body: {
    timesheet: presentTimesheet(
      await amendTimesheet(
        caller,
        params.id ?? '',
        body,
        deps({ timesheets: TimesheetRepository }, { scheduler: eventBridgeScheduler }),
      ),
    ),
  },
}));
