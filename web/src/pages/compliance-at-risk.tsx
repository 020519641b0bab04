import { useState } from 'preact/hooks';
import { getAll } from '../api';
import { useApp } from '../app';
import { dateLabel, shiftWhen } from '../format';
import { Badge, Empty, Field, Loaded, PageHeader, useAsync } from '../ui';

interface AtRisk {
  clinicianId: string;
  name: string;
  documentType: string;
  expiresOn: string;
  lapsed: boolean;
  daysLeft: number;
  documentId?: string;
  bookings: { bookingId: string; practiceId: string; localStart: string; localEnd: string }[];
}

const DOCUMENT_LABELS: Record<string, string> = {
  registration: 'Registration',
  'performers-list': 'Performers List',
  indemnity: 'Indemnity',
  dbs: 'DBS check',
  'training-bls': 'Basic life support',
  'training-safeguarding-adults': 'Safeguarding adults',
  'training-safeguarding-children': 'Safeguarding children',
  'right-to-work': 'Right to work',
  'photo-id': 'Photo ID',
  reference: 'References',
  cv: 'CV',
  'hep-b': 'Hepatitis B',
};

function when(a: AtRisk): string {
  if (a.lapsed) return `Lapsed ${dateLabel(a.expiresOn)}`;
  return `${dateLabel(a.expiresOn)} · ${a.daysLeft === 1 ? 'tomorrow' : `in ${a.daysLeft} days`}`;
}

/**
 * What lapses soon, and the bookings each lapse puts at risk: HR's list for
 * chasing renewals before anyone is stood down. Reminders go out by
 * themselves at 30, 14 and 3 days; this is where HR sees who has not acted.
 */
export function ComplianceAtRisk() {
  const { practiceName } = useApp();
  const [days, setDays] = useState('30');
  const list = useAsync(() => getAll<AtRisk>(`/compliance/at-risk?days=${days}`, 'atRisk'), [days]);
  return (
    <>
      <PageHeader
        title="At risk"
        lead="Required documents that lapse soon, and the booked shifts that fall after each lapse. Clinicians are reminded 30, 14 and 3 days before; the practices booked after a lapse are told."
      />
      <Loaded state={list} what="Documents at risk">
        {(items) => {
          const withBookings = items.filter((a) => a.bookings.length > 0).length;
          const lapsed = items.filter((a) => a.lapsed).length;
          return (
            <section class="stack">
              <ul class="stat-row" aria-label="At risk at a glance">
                <li class="stat stat-warn">
                  <span class="stat-value">{items.length - lapsed}</span>
                  <span class="stat-label">lapsing within {days} days</span>
                </li>
                <li class={withBookings ? 'stat stat-bad' : 'stat stat-ok'}>
                  <span class="stat-value">{withBookings}</span>
                  <span class="stat-label">with bookings at risk</span>
                </li>
                <li class={lapsed ? 'stat stat-bad' : 'stat stat-ok'}>
                  <span class="stat-value">{lapsed}</span>
                  <span class="stat-label">lapsed, still booked</span>
                </li>
              </ul>
              <form class="filters" onSubmit={(e) => e.preventDefault()}>
                <Field label="Looking ahead">
                  {(a) => (
                    <select {...a} value={days} onChange={(e) => setDays(e.currentTarget.value)}>
                      <option value="14">14 days</option>
                      <option value="30">30 days</option>
                      <option value="60">60 days</option>
                      <option value="90">90 days</option>
                    </select>
                  )}
                </Field>
              </form>
              {items.length === 0 ? (
                <Empty>Nothing lapses in the next {days} days.</Empty>
              ) : (
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">Clinician</th>
                      <th scope="col">Document</th>
                      <th scope="col">Lapses</th>
                      <th scope="col">Bookings at risk</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((a) => (
                      <tr key={`${a.clinicianId}-${a.documentType}`}>
                        <td data-label="Clinician">
                          <strong>{a.name}</strong>
                        </td>
                        <td data-label="Document">
                          <div>
                            {DOCUMENT_LABELS[a.documentType] ?? a.documentType}
                            {!a.documentId && <span class="cell-sub">recorded by an admin, no file</span>}
                          </div>
                        </td>
                        <td data-label="Lapses">
                          <Badge tone={a.lapsed || a.daysLeft <= 3 ? 'bad' : 'warn'}>{when(a)}</Badge>
                        </td>
                        <td data-label="Bookings at risk">
                          {a.bookings.length === 0 ? (
                            'None'
                          ) : (
                            <ul class="plain-list">
                              {a.bookings.map((b) => (
                                <li key={b.bookingId}>
                                  {practiceName(b.practiceId)}, {shiftWhen(b.localStart, b.localEnd)}
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          );
        }}
      </Loaded>
    </>
  );
}
