import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { SubmitTimesheetBody } from '../../lib/schemas/timesheet';
import { submitTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(
  'POST /bookings/{id}/timesheet',
  { body: SubmitTimesheetBody },
  async ({ caller, params, body }) => ({
    status: 201,
    body: {
      timesheet: await submitTimesheet(caller, params.id ?? '', body, deps({ scheduler: eventBridgeScheduler })),
    },
  }),
);
