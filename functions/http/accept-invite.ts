import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { acceptInvite as ROUTE } from '../../lib/routes/invites';
import { acceptInvite } from '../../lib/use-cases/invites';
import { cognitoUsers } from '../../lib/users/cognito-directory';

/** Public: the token in the path is the credential. */
export const handler = httpHandler(ROUTE, async ({ params, body, event }) => {
  const clinician = await acceptInvite(
    params.token ?? '',
    body,
    event.requestContext?.http?.sourceIp ?? 'unknown',
    deps({ users: cognitoUsers }),
  );
  return { status: 201, body: { clinician: presentClinician(clinician), signIn: { email: clinician.email } } };
});
