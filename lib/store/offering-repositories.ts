import type { RepositoryClasses } from '../deps';
import { BookingRepository } from './bookings';
import { ClinicianRepository } from './clinicians';
import { OfferRepository } from './offers';
import { PracticeRepository } from './practices';
import { ShiftRepository } from './shifts';

/**
 * The repositories matching and offer waves use (the use cases'
 * `OfferingDeps`), for the handlers that match or offer a shift to name at once.
 */
export const OFFERING_REPOSITORIES: RepositoryClasses<'practices' | 'clinicians' | 'shifts' | 'offers' | 'bookings'> = {
  practices: PracticeRepository,
  clinicians: ClinicianRepository,
  shifts: ShiftRepository,
  offers: OfferRepository,
  bookings: BookingRepository,
};
