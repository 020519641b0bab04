import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { approveClinician as ROUTE } from '../../lib/routes/invites';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { approveClinician } from '../../lib/use-cases/invites';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: {
    clinician: presentClinician(
      await approveClinician(caller, params.id ?? '', deps({ clinicians: ClinicianRepository })),
    ),
  },
}));
