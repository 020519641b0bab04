import { deps } from '../../lib/deps';
import { londonDate } from '../../lib/domain/time';
import { httpHandler } from '../../lib/http/handler';
import { presentAtRisk } from '../../lib/http/present';
import { listComplianceAtRisk as ROUTE } from '../../lib/routes/compliance';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianReads } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { complianceAtRisk } from '../../lib/use-cases/compliance';

const repositories = { practices: PracticeRepository, clinicians: ClinicianReads, bookings: BookingRepository };

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const d = deps(repositories);
  const page = await complianceAtRisk(caller, query, d);
  const today = londonDate(d.clock.now());
  return { status: 200, body: { atRisk: page.items.map((l) => presentAtRisk(l, today)), nextCursor: page.nextCursor } };
});
