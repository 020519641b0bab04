import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { listClinicians as ROUTE } from '../../lib/routes/clinicians';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { listClinicians } from '../../lib/use-cases/clinicians';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const { limit, cursor, ...filter } = query;
  const page = await listClinicians(
    caller,
    filter,
    { limit, cursor },
    deps({ practices: PracticeRepository, clinicians: ClinicianRepository }),
  );
  return { status: 200, body: { clinicians: page.items.map(presentClinician), nextCursor: page.nextCursor } };
});
