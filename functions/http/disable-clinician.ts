import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentBooking, presentClinician } from '../../lib/http/present';
import { disableClinician as ROUTE } from '../../lib/routes/clinicians';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { OfferRepository } from '../../lib/store/offers';
import { disableClinician } from '../../lib/use-cases/clinicians';
import { cognitoUsers } from '../../lib/users/cognito-directory';

const repositories = { clinicians: ClinicianRepository, offers: OfferRepository, bookings: BookingRepository };

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const { clinician, bookings } = await disableClinician(
    caller,
    params.id ?? '',
    body.reason,
    deps(repositories, { users: cognitoUsers }),
  );
  return {
    status: 200,
    body: { clinician: presentClinician(clinician), bookings: bookings.map((b) => presentBooking(b)) },
  };
});
