import { httpHandler } from '../../lib/http/handler';
import { getMe as ROUTE } from '../../lib/routes/system';

export const handler = httpHandler(ROUTE, async ({ caller }) => ({
  status: 200,
  body: {
    id: caller.userId,
    email: caller.email,
    role: caller.role,
    orgId: caller.orgId,
    practiceIds: caller.practiceIds,
    clinicianId: caller.clinicianId,
  },
}));
