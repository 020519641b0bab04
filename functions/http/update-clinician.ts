import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { updateClinician as ROUTE } from '../../lib/routes/clinician-changes';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { PracticeRepository } from '../../lib/store/practices';
import { updateClinician } from '../../lib/use-cases/clinicians';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const clinician = await updateClinician(
    caller,
    params.id ?? '',
    body,
    deps({ practices: PracticeRepository, clinicians: ClinicianRepository }),
  );
  return { status: 200, body: { clinician: presentClinician(clinician) } };
});
