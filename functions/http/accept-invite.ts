import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { acceptInvite as ROUTE } from '../../lib/routes/invites';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { OutboxRepository } from '../../lib/store/outbox';
import { acceptInvite } from '../../lib/use-cases/invites';
import { cognitoUsers } from '../../lib/users/cognito-directory';

/** Public: the token in the path is the credential. */
export const handler = httpHandler(ROUTE, async ({ params, body, event }) => {
  const clinician = await acceptInvite(
    params.token ?? '',
    body,
    event.requestContext?.http?.sourceIp ?? 'unknown',
    deps({ clinicians: ClinicianRepository, outbox: OutboxRepository }, { users: cognitoUsers }),
  );
  return { status: 201, body: { clinician: presentClinician(clinician), signIn: { email: clinician.email } } };
});
