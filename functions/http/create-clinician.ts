import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { createClinician as ROUTE } from '../../lib/routes/clinician-changes';
import { createClinician } from '../../lib/use-cases/clinicians';
import { cognitoUsers } from '../../lib/users/cognito-directory';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => {
  const clinician = await createClinician(caller, body, deps({ users: cognitoUsers }));
  return { status: 201, body: { clinician: presentClinician(clinician) } };
});
