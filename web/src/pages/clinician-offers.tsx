import { useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { useApp } from '../app';
import { instantLabel, minutesLabel, pounds, roleLabel, shiftWhen, skillLabel } from '../format';
import type { Offer } from '../records';
import { href } from '../router';
import { Empty, Loaded, messageOf, Notice, PageHeader, useAsync, useInterval } from '../ui';

type Outcome = { tone: 'success' | 'warning' | 'error' | 'info'; title: string; text?: string };

/** What a refused acceptance means to the clinician, in their words. */
export function acceptFailure(err: unknown): Outcome {
  if (err instanceof ApiError) {
    if (err.code === 'SHIFT_UNAVAILABLE')
      return {
        tone: 'warning',
        title: 'Someone else got there first',
        text: 'This shift has been filled or cancelled.',
      };
    if (err.status === 410)
      return { tone: 'warning', title: 'This offer has expired', text: 'It can no longer be accepted.' };
    if (err.code === 'CLASH')
      return {
        tone: 'warning',
        title: 'You cannot take this one',
        text: 'It overlaps another booking, or would break your rest or weekly hours.',
      };
  }
  return { tone: 'error', title: 'That did not work', text: messageOf(err) };
}

/** The clinician's live offers: first to accept is booked. */
export function ClinicianOffers() {
  const { practiceName } = useApp();
  const offers = useAsync(() => get<{ offers: Offer[] }>('/offers').then((r) => r.offers), []);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [busy, setBusy] = useState<string>();
  useInterval(() => !busy && offers.reload(), 15_000);

  const act = async (offer: Offer, action: 'accept' | 'decline') => {
    setBusy(offer.id);
    try {
      await post(`/offers/${offer.id}/${action}`);
      setOutcomes((o) => ({
        ...o,
        [offer.id]:
          action === 'accept'
            ? {
                tone: 'success',
                title: 'Booked. It’s yours.',
                text: 'The practice has been told. It is now in My shifts.',
              }
            : { tone: 'info', title: 'Declined', text: 'We won’t offer you this shift again.' },
      }));
    } catch (err) {
      setOutcomes((o) => ({ ...o, [offer.id]: acceptFailure(err) }));
    }
    setBusy(undefined);
  };

  return (
    <>
      <PageHeader
        title="Shifts offered to you"
        lead="The first clinician to accept is booked. You can also reply to our text with YES and the code."
      />
      <Loaded state={offers} what="Offers">
        {(list) =>
          list.length === 0 ? (
            <Empty>
              No live offers right now. We’ll text you when a shift that suits you comes up. Check{' '}
              <a href={href('/clinician/profile')}>your availability and travel</a> so you hear about the right ones.
            </Empty>
          ) : (
            <ul class="stack">
              {list.map((o) => {
                const s = o.shift;
                const outcome = outcomes[o.id];
                const paid = s ? Math.round((Date.parse(s.end) - Date.parse(s.start)) / 60_000) - s.breakMinutes : 0;
                return (
                  <li key={o.id} class="card offer">
                    <div class="offer-head">
                      <h2 class="card-title">
                        {s ? `${roleLabel(s.role)} · ${practiceName(s.practiceId)}` : `Shift ${o.shiftId}`}
                      </h2>
                      {s && <p class="offer-when">{shiftWhen(s.localStart, s.localEnd)}</p>}
                    </div>
                    {s && (
                      <dl class="inline-details">
                        <dt>Rate</dt>
                        <dd>
                          <strong>{pounds(s.hourlyRatePence)}</strong> an hour
                        </dd>
                        <dt>Paid time</dt>
                        <dd>{minutesLabel(paid)}</dd>
                        <dt>Skills</dt>
                        <dd>{s.skills.length ? s.skills.map(skillLabel).join(', ') : '–'}</dd>
                        <dt>Text code</dt>
                        <dd>
                          <code>{o.code}</code>
                        </dd>
                      </dl>
                    )}
                    {s?.notes && <p class="muted">{s.notes}</p>}
                    <p class="muted small">Offer open until {instantLabel(o.expiresAt)}</p>
                    {outcome ? (
                      <Notice tone={outcome.tone} title={outcome.title}>
                        {outcome.text}
                      </Notice>
                    ) : (
                      <div class="form-actions">
                        <button type="button" class="button" disabled={busy === o.id} onClick={() => act(o, 'accept')}>
                          Accept<span class="visually-hidden"> this shift</span>
                        </button>
                        <button
                          type="button"
                          class="button button-secondary"
                          disabled={busy === o.id}
                          onClick={() => act(o, 'decline')}
                        >
                          Decline
                        </button>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
