import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { createClinician as ROUTE } from '../../lib/routes/clinician-changes';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { OutboxRepository } from '../../lib/store/outbox';
import { PracticeRepository } from '../../lib/store/practices';
import { createClinician } from '../../lib/use-cases/clinicians';
import { cognitoUsers } from '../../lib/users/cognito-directory';

const repositories = { practices: PracticeRepository, clinicians: ClinicianRepository, outbox: OutboxRepository };

export const handler = httpHandler(ROUTE, async ({ caller, body }) => {
  const clinician = await createClinician(caller, body, deps(repositories, { users: cognitoUsers }));
  return { status: 201, body: { clinician: presentClinician(clinician) } };
});
