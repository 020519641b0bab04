import type { Deps } from '../lib/deps';
import type { Caller } from '../lib/domain/caller';
import { acceptInvite, createInvite } from '../lib/use-cases/invites';
import { DEMO_ORG_ID } from './demo-data';

/** Somerset's HR, who sends the demo's invitations. */
const HR: Caller = {
  userId: 'usr-hr-somerset',
  email: 'hr@somerset.example',
  role: 'hr',
  orgId: DEMO_ORG_ID,
  practiceIds: [],
};

export const DEMO_APPLICANT_EMAIL = 'sam.okafor.applicant@bank.example';
export const DEMO_INVITEE_EMAIL = 'new.locum@bank.example';

/**
 * Joining, as a new user should find it: one invitation still waiting to be
 * opened, and one applicant who accepted theirs and awaits HR's approval
 * (signing in as them shows what is still needed). Made through the real use
 * cases, so the token is random and kept only as its hash: the link is
 * printed once, here.
 */
export async function seedJoining(deps: Deps, origin: string, log: (line: string) => void): Promise<string> {
  const pending = await createInvite(HR, { email: DEMO_INVITEE_EMAIL, roles: ['practice-nurse'] }, origin, deps);
  const joined = await createInvite(HR, { email: DEMO_APPLICANT_EMAIL, roles: ['hca'] }, origin, deps);
  const token = joined.url.slice(joined.url.lastIndexOf('/') + 1);
  const applicant = await acceptInvite(
    token,
    {
      name: 'Sam Okafor',
      phone: '+447700900999',
      home: { lat: 50.9421, lon: -2.6336, postcode: 'BA20 1AA' },
      maxTravelKm: 20,
      skills: [],
      employment: 'bank',
      maxWeeklyHours: 30,
      notify: ['sms', 'email'],
    },
    'seed',
    deps,
  );
  log(`  joining: an applicant (${DEMO_APPLICANT_EMAIL}) and a pending invitation, link ${pending.url}`);
  return applicant.id;
}
