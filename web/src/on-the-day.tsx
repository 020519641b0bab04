import { pounds } from './format';
import type { PracticeDetails } from './records';

/** The dialable part of a number given as "01632 960100, option 3". */
const telOf = (phone: string) => (phone.match(/^[+\d\s()-]+/)?.[0] ?? phone).replace(/[^\d+]/g, '');

/** What a locum needs on the day, on an offer and after booking: the pay, where to go, whom to ring, what to expect. */
export function OnTheDay({ practice, totalPence }: { practice?: PracticeDetails; totalPence?: number }) {
  const where = practice && [practice.address, practice.postcode].filter(Boolean).join(', ');
  if (!where && !practice?.phone && !practice?.notes && totalPence === undefined) return null;
  return (
    <dl class="inline-details on-the-day">
      {totalPence !== undefined && (
        <>
          <dt>Total pay</dt>
          <dd>
            <strong>{pounds(totalPence)}</strong>
          </dd>
        </>
      )}
      {where && (
        <>
          <dt>Address</dt>
          <dd>{where}</dd>
        </>
      )}
      {practice?.phone && (
        <>
          <dt>Phone</dt>
          <dd>
            <a href={`tel:${telOf(practice.phone)}`}>{practice.phone}</a>
          </dd>
        </>
      )}
      {practice?.notes && (
        <>
          <dt>On arrival</dt>
          <dd>{practice.notes}</dd>
        </>
      )}
    </dl>
  );
}
