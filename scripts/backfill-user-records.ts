/**
 * Once per deployment made before the API checked tokens' claims against the
 * users' records in the table (without a record every token is refused):
 *
 *   USER_POOL_ID=eu-west-2_… TABLE_NAME=… npx tsx scripts/backfill-user-records.ts --dry-run
 *   … then, after checking the staff it lists, again with --trust-staff
 *
 * Needs cognito-idp:ListUsers and AdminListGroupsForUser on the pool, and
 * read and write on the table, from the operator's own credentials.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { documentClient } from '../lib/store/client';
import { ClinicianRepository } from '../lib/store/clinicians';
import { backfillUserRecords } from '../lib/users/backfill';
import { TableUserDirectory } from '../lib/users/table-directory';

const pool = process.env.USER_POOL_ID;
const table = process.env.TABLE_NAME;
if (!pool || !table) {
  console.error('Set USER_POOL_ID and TABLE_NAME');
  process.exit(2);
}
const db = documentClient();
const report = await backfillUserRecords(
  new CognitoIdentityProviderClient({}),
  pool,
  { users: new TableUserDirectory(db, table), clinicians: new ClinicianRepository(db, table) },
  { dryRun: process.argv.includes('--dry-run'), trustStaff: process.argv.includes('--trust-staff') },
);
console.log(JSON.stringify(report, null, 2));
