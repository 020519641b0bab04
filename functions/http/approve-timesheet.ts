import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { approveTimesheet } from '../../lib/use-cases/timesheets';

export const handler = httpHandler('POST /timesheets/{id}/approve', {}, async ({ caller, params }) => ({
  status: 200,
  body: { timesheet: await approveTimesheet(caller, params.id ?? '', deps()) },
}));
