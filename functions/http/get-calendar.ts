import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { getCalendar as ROUTE } from '../../lib/routes/calendar';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianReads } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { clinicianCalendar } from '../../lib/use-cases/calendar';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianReads,
  shifts: ShiftRepository,
  bookings: BookingRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': 'inline; filename="rota-bank.ics"',
    'cache-control': 'private, max-age=300',
  },
  body: await clinicianCalendar(caller, params.id ?? '', deps(repositories)),
}));
