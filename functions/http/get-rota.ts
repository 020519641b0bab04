import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentRota } from '../../lib/http/present';
import { getRota as ROUTE } from '../../lib/routes/rota';
import { ClinicianReads } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { ShiftRepository } from '../../lib/store/shifts';
import { weekView } from '../../lib/use-cases/rota';

const repositories = { practices: PracticeRepository, clinicians: ClinicianReads, shifts: ShiftRepository };

export const handler = httpHandler(ROUTE, async ({ caller, query }) => ({
  status: 200,
  body: presentRota(await weekView(caller, query, deps(repositories))),
}));
