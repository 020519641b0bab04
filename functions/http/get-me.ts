import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler('GET /me', {}, async ({ caller }) => ({
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
