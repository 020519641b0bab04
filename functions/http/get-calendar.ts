import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { clinicianCalendar } from '../../lib/use-cases/calendar';

export const handler = httpHandler('GET /clinicians/{id}/calendar.ics', {}, async ({ caller, params }) => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': 'inline; filename="rota-bank.ics"',
    'cache-control': 'private, max-age=300',
  },
  body: await clinicianCalendar(caller, params.id ?? '', deps()),
}));
