import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { UpdateClinicianBody } from '../../lib/schemas/clinician';
import { updateClinician } from '../../lib/use-cases/clinicians';

export const handler = httpHandler(
  'PATCH /clinicians/{id}',
  { body: UpdateClinicianBody },
  async ({ caller, params, body }) => {
    const clinician = await updateClinician(caller, params.id ?? '', body, deps());
    return { status: 200, body: { clinician: presentClinician(clinician) } };
  },
);
