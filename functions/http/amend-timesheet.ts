import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { AmendTimesheetBody } from '../../lib/schemas/timesheet';
import { amendTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(
  'PATCH /timesheets/{id}',
  { body: AmendTimesheetBody },
  async ({ caller, params, body }) => ({
    status: 200,
    body: {
      timesheet: await amendTimesheet(caller, params.id ?? '', body, deps({ scheduler: eventBridgeScheduler })),
    },
  }),
);
