import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { getClinician } from '../../lib/use-cases/clinicians';

export const handler = httpHandler('GET /clinicians/{id}', {}, async ({ caller, params }) => {
  const clinician = await getClinician(caller, params.id ?? '', deps());
  return { status: 200, body: { clinician: presentClinician(clinician) } };
});
