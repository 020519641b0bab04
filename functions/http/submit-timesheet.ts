import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentTimesheet } from '../../lib/http/present';
import { submitTimesheet as ROUTE } from '../../lib/routes/timesheets';
import { eventBridgeScheduler } from '../../lib/schedule/eventbridge-scheduler';
import { submitTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => ({
  status: 201,
  body: {
    timesheet: presentTimesheet(
      await submitTimesheet(caller, params.id ?? '', body, deps({ scheduler: eventBridgeScheduler })),
    ),
  },
}));
