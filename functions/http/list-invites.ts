import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { listInvites as ROUTE } from '../../lib/routes/invites';
import { listInvites } from '../../lib/use-cases/invites';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await listInvites(caller, query, deps({}));
  return { status: 200, body: { invites: page.items, nextCursor: page.nextCursor } };
});
