import {
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { USER_ROLES, type UserRole } from '../domain/types';
import type { ClinicianRepository } from '../store/clinicians';
import type { UserAccount } from './directory';
import type { TableUserDirectory } from './table-directory';

export interface BackfillReport {
  /** Records written. */
  written: string[];
  /** Users who already had one. */
  present: string[];
  /**
   * Users left without a record (their tokens are refused until an admin
   * writes one), each with why: attributes the table cannot confirm.
   */
  review: { email: string; why: string }[];
}

const attr = (u: UserType, name: string) => u.Attributes?.find((a) => a.Name === name)?.Value;

/**
 * Writes the table record of every Cognito user made before the API checked
 * claims against one. Until this release a user could rewrite their own
 * `custom:*` attributes, so they are not copied on trust: a clinician's are
 * written only when the clinician profile they name, in the organisation they
 * name, has their email address; staff (admin, manager, hr), whom the table
 * cannot confirm, only with `trustStaff` (after someone has checked the list
 * a dry run prints).
 */
export async function backfillUserRecords(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  store: { users: TableUserDirectory; clinicians: ClinicianRepository },
  options: { dryRun?: boolean; trustStaff?: boolean } = {},
): Promise<BackfillReport> {
  const report: BackfillReport = { written: [], present: [], review: [] };
  let token: string | undefined;
  do {
    const page = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken: token }));
    token = page.PaginationToken;
    for (const user of page.Users ?? []) {
      const email = attr(user, 'email');
      const sub = attr(user, 'sub');
      const orgId = attr(user, 'custom:org');
      if (!email || !sub || !orgId || !user.Username) {
        report.review.push({ email: email ?? user.Username ?? '?', why: 'no email, sub or organisation' });
        continue;
      }
      if (await store.users.get(email)) {
        report.present.push(email);
        continue;
      }
      const groups = await cognito.send(
        new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: user.Username }),
      );
      const role = (groups.Groups ?? [])
        .map((g) => g.GroupName)
        .find((g): g is UserRole => (USER_ROLES as readonly string[]).includes(g ?? ''));
      if (!role) {
        report.review.push({ email, why: 'in no role group' });
        continue;
      }
      const practices = attr(user, 'custom:practices');
      const account: UserAccount = {
        id: sub,
        email,
        name: attr(user, 'name') ?? email,
        role,
        orgId,
        ...(practices ? { practiceIds: practices.split(',').map((p) => p.trim()) } : {}),
        ...(attr(user, 'custom:clinician') ? { clinicianId: attr(user, 'custom:clinician') } : {}),
        ...(user.Enabled === false ? { status: 'disabled' as const } : {}),
      };
      if (role === 'clinician') {
        const profile = account.clinicianId ? await store.clinicians.get(orgId, account.clinicianId) : undefined;
        if (profile?.email.toLowerCase() !== email.toLowerCase()) {
          report.review.push({ email, why: 'the clinician it names is not theirs in that organisation' });
          continue;
        }
      } else if (!options.trustStaff) {
        report.review.push({
          email,
          why: `${role} of ${orgId}${practices ? ` for ${practices}` : ''}: confirm, then run with --trust-staff`,
        });
        continue;
      }
      if (!options.dryRun) await store.users.create(account);
      report.written.push(email);
    }
  } while (token);
  return report;
}
