import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { getClinician as ROUTE } from '../../lib/routes/clinicians';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { getClinician } from '../../lib/use-cases/clinicians';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => {
  const clinician = await getClinician(caller, params.id ?? '', deps({ clinicians: ClinicianRepository }));
  return { status: 200, body: { clinician: presentClinician(clinician) } };
});
