import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { getInvite as ROUTE } from '../../lib/routes/invites';
import { openInvite } from '../../lib/use-cases/invites';

/** Public: the token in the path is the credential. */
export const handler = httpHandler(ROUTE, async ({ params, event }) => ({
  status: 200,
  body: { invite: await openInvite(params.token ?? '', event.requestContext?.http?.sourceIp ?? 'unknown', deps({})) },
}));
