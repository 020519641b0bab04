import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { getSubscribedCalendar as ROUTE } from '../../lib/routes/calendar';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianReads } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { subscribedCalendar } from '../../lib/use-cases/calendar';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianReads,
  shifts: ShiftRepository,
  bookings: BookingRepository,
};

/** Public: the secret in the path is the credential (calendar apps send no bearer token). */
export const handler = httpHandler(ROUTE, async ({ params }) => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': 'inline; filename="rota-bank.ics"',
    'cache-control': 'private, max-age=300',
    // The address is the secret: keep it out of other sites' logs and search indexes.
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
  },
  body: await subscribedCalendar(params.token ?? '', deps(repositories)),
}));
