import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentClinician } from '../../lib/http/present';
import { ReasonBody } from '../../lib/schemas/booking';
import { disableClinician } from '../../lib/use-cases/clinicians';
import { cognitoUsers } from '../../lib/users/cognito-directory';

export const handler = httpHandler(
  'POST /clinicians/{id}/disable',
  { body: ReasonBody },
  async ({ caller, params, body }) => {
    const { clinician, bookings } = await disableClinician(
      caller,
      params.id ?? '',
      body.reason,
      deps({ users: cognitoUsers }),
    );
    return { status: 200, body: { clinician: presentClinician(clinician), bookings } };
  },
);
