import type { RepositoryClasses } from '../deps';
import { BookingRepository } from './bookings';
import { ClinicianReads } from './clinicians';
import { OfferRepository } from './offers';
import { PracticeRepository } from './practices';
import { ShiftRepository } from './shifts';

/**
 * The repositories matching and offer waves use (the use cases'
 * `OfferingDeps`), for the handlers that match or offer a shift to name at
 * once: clinicians read only, as matching and offering do.
 */
export const OFFERING_REPOSITORIES: RepositoryClasses<'practices' | 'clinicians' | 'shifts' | 'offers' | 'bookings'> = {
  practices: PracticeRepository,
  clinicians: ClinicianReads,
  shifts: ShiftRepository,
  offers: OfferRepository,
  bookings: BookingRepository,
};
