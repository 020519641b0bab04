import { config } from '../../lib/config';
import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { apiOrigin } from '../../lib/http/origin';
import { createInvite as ROUTE } from '../../lib/routes/invites';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { createInvite } from '../../lib/use-cases/invites';

export const handler = httpHandler(ROUTE, async ({ caller, body, event }) => {
  // In AWS the app is served from CloudFront, not the API's address; the local runtime serves both.
  const { invite, url } = await createInvite(
    caller,
    body,
    config().WEB_ORIGIN ?? apiOrigin(event),
    deps({ clinicians: ClinicianRepository }),
  );
  return { status: 201, body: { invite: { id: invite.id, url, expiresAt: invite.expiresAt } } };
});
