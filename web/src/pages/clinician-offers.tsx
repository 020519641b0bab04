import { useState } from 'preact/hooks';
import { ApiError, get, getAll, post } from '../api';
import { useApp } from '../app';
import { appNow } from '../clock';
import { instantLabel, minutesLabel, pounds, roleLabel, shiftWhen, skillLabel } from '../format';
import { OnTheDay } from '../on-the-day';
import type { Offer, Shift } from '../records';
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
    if (err.code === 'NOT_ELIGIBLE')
      return {
        tone: 'warning',
        title: 'You cannot book this one',
        text: 'Something has changed: your documents, travel, availability or time off no longer fit this shift.',
      };
  }
  return { tone: 'error', title: 'That did not work', text: messageOf(err) };
}

/** The clinician's live offers: first to accept is booked. */
export function ClinicianOffers() {
  const { practiceName } = useApp();
  const offers = useAsync(() => getAll<Offer>('/offers', 'offers'), []);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [busy, setBusy] = useState<string>();
  /** The offer whose decline waits for a second tap: a decline cannot be undone. */
  const [declining, setDeclining] = useState<string>();
  useInterval(() => !busy && !declining && offers.reload(), 15_000);

  const act = async (offer: Offer, action: 'accept' | 'decline') => {
    setDeclining(undefined);
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
                    {s && <OnTheDay practice={s.practice} totalPence={s.totalPence} />}
                    <p class="muted small">Offer open until {instantLabel(o.expiresAt)}</p>
                    {outcome ? (
                      <Notice tone={outcome.tone} title={outcome.title}>
                        {outcome.text}
                      </Notice>
                    ) : declining === o.id ? (
                      <Notice tone="warning" title="Decline this shift?">
                        <p>You won’t be offered it again, and this cannot be undone.</p>
                        <div class="form-actions">
                          <button
                            type="button"
                            class="button button-warning"
                            disabled={busy === o.id}
                            onClick={() => act(o, 'decline')}
                          >
                            Yes, decline it
                          </button>
                          <button
                            type="button"
                            class="button button-secondary"
                            // The question replaced the button that had focus: keep the keyboard where it was.
                            ref={(el) => el?.focus()}
                            onClick={() => setDeclining(undefined)}
                          >
                            Keep the offer
                          </button>
                        </div>
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
                          onClick={() => setDeclining(o.id)}
                        >
                          Decline…
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
      <OpenShifts offered={new Set((offers.data ?? []).map((o) => o.shiftId))} onBooked={offers.reload} />
    </>
  );
}

/** Paid time at the rate, as posted (the offer's own total adds any bank holiday uplift). */
const payOf = (s: Shift) =>
  Math.round(
    ((Math.round((Date.parse(s.end) - Date.parse(s.start)) / 60_000) - s.breakMinutes) * s.hourlyRatePence) / 60,
  );

/**
 * The open shifts the clinician meets every need of (GET /shifts answers a
 * clinician with just those): each can be booked here at once, after a
 * second tap to confirm, without waiting for its offer to come.
 */
function OpenShifts({ offered, onBooked }: { offered: Set<string>; onBooked: () => void }) {
  const { practiceName } = useApp();
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [busy, setBusy] = useState<string>();
  /** The shift whose booking waits for a second tap. */
  const [confirming, setConfirming] = useState<string>();
  const book = async (s: Shift) => {
    setBusy(s.id);
    try {
      await post(`/shifts/${s.id}/take`);
      setOutcomes((o) => ({
        ...o,
        [s.id]: {
          tone: 'success',
          title: 'Booked. It’s yours.',
          text: 'The practice has been told. It is now in My shifts.',
        },
      }));
      onBooked();
    } catch (err) {
      setOutcomes((o) => ({ ...o, [s.id]: acceptFailure(err) }));
    }
    setConfirming(undefined);
    setBusy(undefined);
  };
  const shifts = useAsync(
    () =>
      get<{ shifts: Shift[] }>(`/shifts?status=open&from=${appNow().toISOString().slice(0, 10)}&limit=50`).then((r) =>
        [...r.shifts].sort((a, b) => a.start.localeCompare(b.start)),
      ),
    [],
  );
  return (
    <section aria-labelledby="open-h" class="open-shifts">
      <h2 id="open-h">Open shifts you could work</h2>
      <p class="muted">
        Shifts still open that match your role, skills, travel and availability. Book one here, or wait: each is offered
        in waves, and when one reaches you it appears above.
      </p>
      <Loaded state={shifts} what="Open shifts">
        {(list) => {
          const now = appNow().getTime();
          // A shift just booked here stays, with its outcome, until the page is left.
          const open = list.filter((s) => outcomes[s.id] || (!offered.has(s.id) && Date.parse(s.start) > now));
          return open.length === 0 ? (
            <Empty>No other open shifts for you at the moment.</Empty>
          ) : (
            <ul class="stack">
              {open.map((s) => (
                <li key={s.id} class="card" data-shift={s.id}>
                  <div class="offer-head">
                    <h3 class="card-title">{`${roleLabel(s.role)} · ${practiceName(s.practiceId)}`}</h3>
                    <p class="offer-when">{shiftWhen(s.localStart, s.localEnd)}</p>
                  </div>
                  <dl class="inline-details">
                    <dt>Rate</dt>
                    <dd>
                      <strong>{pounds(s.hourlyRatePence)}</strong> an hour
                    </dd>
                    <dt>Total pay</dt>
                    <dd>{pounds(payOf(s))}</dd>
                    <dt>Skills</dt>
                    <dd>{s.skills.length ? s.skills.map(skillLabel).join(', ') : '–'}</dd>
                  </dl>
                  {outcomes[s.id] ? (
                    <Notice tone={outcomes[s.id]!.tone} title={outcomes[s.id]!.title}>
                      {outcomes[s.id]!.text}
                    </Notice>
                  ) : confirming === s.id ? (
                    <Notice tone="info" title="Book this shift?">
                      <p>
                        You commit to work it: {shiftWhen(s.localStart, s.localEnd)} at {practiceName(s.practiceId)}.
                      </p>
                      <div class="form-actions">
                        <button type="button" class="button" disabled={busy === s.id} onClick={() => book(s)}>
                          {busy === s.id ? 'Booking…' : 'Yes, book it'}
                        </button>
                        <button
                          type="button"
                          class="button button-secondary"
                          // The question replaced the button that had focus: keep the keyboard where it was.
                          ref={(el) => el?.focus()}
                          disabled={busy === s.id}
                          onClick={() => setConfirming(undefined)}
                        >
                          Not now
                        </button>
                      </div>
                    </Notice>
                  ) : (
                    <div class="form-actions">
                      <button type="button" class="button" onClick={() => setConfirming(s.id)}>
                        Book…<span class="visually-hidden"> this shift</span>
                      </button>
                      <span class="muted small">Not offered to you yet</span>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </section>
  );
}
