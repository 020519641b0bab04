import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { previewShift as ROUTE } from '../../lib/routes/escalations';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianReads } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { previewShift } from '../../lib/use-cases/escalations';

const repositories = { practices: PracticeRepository, clinicians: ClinicianReads, bookings: BookingRepository };

export const handler = httpHandler(ROUTE, async ({ caller, body }) => ({
  status: 200,
  body: await previewShift(caller, body, deps(repositories)),
}));
