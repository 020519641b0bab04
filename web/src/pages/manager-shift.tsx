import { useMemo, useState } from 'preact/hooks';
import { ApiError, get, isNotAvailable, post } from '../api';
import { useApp } from '../app';
import { instantLabel, minutesLabel, pounds, reasonLabel, roleLabel, shiftWhen, skillLabel } from '../format';
import type { Clinician, Matches, Shift } from '../records';
import { href, useLocation } from '../router';
import {
  Badge,
  Empty,
  Field,
  LoadError,
  Loaded,
  Loading,
  messageOf,
  Notice,
  PageHeader,
  StatusBadge,
  useAsync,
} from '../ui';

function paidMinutes(s: Shift) {
  return Math.round((Date.parse(s.end) - Date.parse(s.start)) / 60_000) - s.breakMinutes;
}

/** One shift: details, who could work it (and why others cannot), offers, cancelling. */
export function ManagerShift({ id }: { id: string }) {
  const { query } = useLocation();
  const shift = useAsync(() => get<{ shift: Shift }>(`/shifts/${encodeURIComponent(id)}`).then((r) => r.shift), [id]);
  const posted = query.get('posted');

  return (
    <Loaded state={shift} what="Shift">
      {(s) => (
        <ShiftView shift={s} posted={posted} onChange={(next) => (next ? shift.setData(next) : shift.reload())} />
      )}
    </Loaded>
  );
}

function ShiftView({
  shift,
  posted,
  onChange,
}: {
  shift: Shift;
  posted: string | null;
  onChange: (s?: Shift) => void;
}) {
  const { practiceName } = useApp();
  const booked = useAsync(
    () =>
      shift.booking
        ? get<{ clinician: Clinician }>(`/clinicians/${shift.booking.clinicianId}`).then((r) => r.clinician)
        : Promise.resolve(undefined),
    [shift.booking?.clinicianId],
  );
  const paid = paidMinutes(shift);
  return (
    <>
      <p class="breadcrumb">
        <a href={href('/manager/shifts')}>← All shifts</a>
      </p>
      <PageHeader
        title={`${roleLabel(shift.role)} at ${practiceName(shift.practiceId)}`}
        lead={shiftWhen(shift.localStart, shift.localEnd)}
        actions={<StatusBadge status={shift.status} />}
      />
      {posted !== null && (
        <Notice tone="success" title="Shift posted">
          {Number(posted) > 0
            ? `Offered to ${posted} clinician${posted === '1' ? '' : 's'} so far. The first to accept is booked and you will be told.`
            : 'Nobody has been offered it yet: see the candidates below and offer it by name.'}
        </Notice>
      )}
      <div class="two-col">
        <section class="card" aria-labelledby="details-h">
          <h2 id="details-h">Details</h2>
          <dl class="details">
            <dt>When</dt>
            <dd>{shiftWhen(shift.localStart, shift.localEnd)}</dd>
            <dt>Practice</dt>
            <dd>{practiceName(shift.practiceId)}</dd>
            <dt>Role</dt>
            <dd>{roleLabel(shift.role)}</dd>
            <dt>Skills</dt>
            <dd>{shift.skills.length ? shift.skills.map(skillLabel).join(', ') : 'None beyond the role'}</dd>
            <dt>Rate</dt>
            <dd>
              {pounds(shift.hourlyRatePence)} an hour · {minutesLabel(paid)} paid ({shift.breakMinutes} min break) ·
              about {pounds(Math.round((shift.hourlyRatePence * paid) / 60))}
            </dd>
            {shift.notes && (
              <>
                <dt>Notes</dt>
                <dd>{shift.notes}</dd>
              </>
            )}
            <dt>Posted</dt>
            <dd>{instantLabel(shift.postedAt)}</dd>
            {shift.status === 'filled' && (
              <>
                <dt>Booked</dt>
                <dd>
                  {booked.data ? (
                    <>
                      <strong>{booked.data.name}</strong> · {booked.data.phone}
                    </>
                  ) : (
                    shift.booking?.clinicianId
                  )}
                </dd>
              </>
            )}
            {shift.status === 'cancelled' && shift.cancelReason && (
              <>
                <dt>Cancelled</dt>
                <dd>{shift.cancelReason}</dd>
              </>
            )}
          </dl>
        </section>
        {shift.status !== 'cancelled' && <CancelShift shift={shift} onCancelled={onChange} />}
      </div>
      {shift.status === 'open' && <RaiseRate shift={shift} onRaised={onChange} />}
      {shift.status === 'open' && <Candidates shift={shift} />}
    </>
  );
}

interface LateFee {
  feePence: number;
  hours: number;
  lateCancellationHours: number;
}

function lateFeeOf(err: unknown): LateFee | undefined {
  if (!(err instanceof ApiError) || err.code !== 'LATE_CANCELLATION') return undefined;
  const d = err.details as Partial<LateFee> | undefined;
  return typeof d?.feePence === 'number' ? (d as LateFee) : undefined;
}

function CancelShift({ shift, onCancelled }: { shift: Shift; onCancelled: (s?: Shift) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Set when the server says the cancellation is late: nothing is cancelled until the fee is acknowledged.
  const [fee, setFee] = useState<LateFee>();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setError('Say briefly why, so the clinician knows');
    setBusy(true);
    setError(undefined);
    try {
      const r = await post<{ shift: Shift }>(`/shifts/${shift.id}/cancel`, {
        reason: reason.trim(),
        ...(fee ? { acknowledgeLateFee: true } : {}),
      });
      onCancelled(r.shift);
    } catch (err) {
      const late = lateFeeOf(err);
      if (late) setFee(late);
      else setError(isNotAvailable(err) ? 'Cancelling shifts is not available yet.' : messageOf(err));
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="cancel-h">
      <h2 id="cancel-h">Cancel this shift</h2>
      {!open ? (
        <>
          <p>
            {shift.status === 'filled'
              ? 'The booked clinician is told straight away by text and email.'
              : 'Live offers are withdrawn.'}
          </p>
          <button type="button" class="button button-warning" onClick={() => setOpen(true)}>
            Cancel shift…
          </button>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label="Reason" hint="Shown to the clinician" error={error}>
            {(a) => (
              <input
                {...a}
                name="reason"
                value={reason}
                maxLength={200}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            )}
          </Field>
          {fee && (
            <Notice tone="warning" title="Late cancellation: a fee is owed">
              The shift starts in about {fee.hours} hours, inside the {fee.lateCancellationHours}-hour notice period.
              Cancelling now pays the booked clinician a late-cancellation fee of{' '}
              <strong>{pounds(fee.feePence)}</strong>.
            </Notice>
          )}
          <div class="form-actions">
            <button type="submit" class="button button-warning" disabled={busy}>
              {busy ? 'Cancelling…' : fee ? `Cancel and pay ${pounds(fee.feePence)}` : 'Cancel shift'}
            </button>
            <button
              type="button"
              class="button button-secondary"
              onClick={() => {
                setOpen(false);
                setFee(undefined);
              }}
            >
              Keep it
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Raise the rate of an open shift: applied at once within the practice's cap, else sent to an admin. */
function RaiseRate({ shift, onRaised }: { shift: Shift; onRaised: (s?: Shift) => void }) {
  const [rate, setRate] = useState(((shift.hourlyRatePence + 500) / 100).toFixed(2));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'success' | 'info' | 'error'; text: string }>();
  const submit = async (e: Event) => {
    e.preventDefault();
    const pence = Math.round(Number(rate) * 100);
    const next: Record<string, string> = {};
    if (!Number.isFinite(pence) || pence <= shift.hourlyRatePence)
      next.hourlyRatePence = `Must be above ${pounds(shift.hourlyRatePence)}`;
    if (reason.trim().length < 3) next.reason = 'Say briefly why';
    setErrors(next);
    if (Object.keys(next).length) return;
    setBusy(true);
    setNotice(undefined);
    try {
      const r = await post<{ shift?: Shift; escalation?: { id: string; status: string } }>(`/shifts/${shift.id}/rate`, {
        hourlyRatePence: pence,
        reason: reason.trim(),
      });
      if (r.shift) {
        onRaised(r.shift);
        setNotice({ tone: 'success', text: `Raised to ${pounds(pence)} an hour; everyone offered it has been told.` });
      } else {
        // Nothing has changed yet: a waiting raise is news, not a success.
        setNotice({
          tone: 'info',
          text: `${pounds(pence)} an hour is above this practice's cap, so an admin must approve it. The rate stays until then.`,
        });
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
      else
        setNotice({
          tone: 'error',
          text: isNotAvailable(err) ? 'Raising rates is not available yet.' : messageOf(err),
        });
    }
    setBusy(false);
  };
  return (
    <section class="card" aria-labelledby="rate-h">
      <h2 id="rate-h">Raise the rate</h2>
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      <form onSubmit={submit} noValidate>
        <Field
          label="New rate (£ an hour)"
          hint={`Now ${pounds(shift.hourlyRatePence)}`}
          error={errors.hourlyRatePence}
        >
          {(a) => (
            <input
              {...a}
              name="hourlyRate"
              inputMode="decimal"
              value={rate}
              onInput={(e) => setRate(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Reason" hint="Kept in the shift's history" error={errors.reason}>
          {(a) => (
            <input
              {...a}
              name="rateReason"
              value={reason}
              maxLength={200}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Raising…' : 'Raise rate'}
          </button>
        </div>
      </form>
    </section>
  );
}

function Candidates({ shift }: { shift: Shift }) {
  const matches = useAsync(() => get<Matches>(`/shifts/${shift.id}/matches`), [shift.id]);
  const [offered, setOffered] = useState<Record<string, 'busy' | 'done' | string>>({});
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string }>();

  const offer = async (body: { clinicianIds?: string[]; all?: true }, key: string, who: string) => {
    setOffered((o) => ({ ...o, [key]: 'busy' }));
    setNotice(undefined);
    try {
      const r = await post<{ offers: unknown[] }>(`/shifts/${shift.id}/offers`, body);
      setOffered((o) => ({ ...o, [key]: 'done' }));
      setNotice({
        tone: 'success',
        text: body.all
          ? `Offered to ${r.offers?.length ?? 0} clinicians.`
          : `Offered to ${who}. They have been sent a text.`,
      });
    } catch (err) {
      let text = messageOf(err);
      if (isNotAvailable(err)) text = 'Sending offers is not available yet.';
      else if (err instanceof ApiError && err.code === 'NOT_ELIGIBLE') {
        const reasons = Array.isArray(err.details)
          ? (err.details as unknown[]).map((d) =>
              reasonLabel(typeof d === 'string' ? d : String((d as { reason?: string }).reason ?? d)),
            )
          : [];
        text = `${who} cannot take this shift${reasons.length ? `: ${reasons.join(', ').toLowerCase()}` : ''}.`;
      }
      setOffered((o) => ({ ...o, [key]: text }));
      setNotice({ tone: 'error', text });
    }
  };

  return (
    <section class="card" aria-labelledby="cand-h">
      <div class="section-header">
        <h2 id="cand-h">Who could work it</h2>
        {matches.data && matches.data.candidates.length > 0 && (
          <button
            type="button"
            class="button button-secondary"
            disabled={offered.all === 'busy' || offered.all === 'done'}
            onClick={() => offer({ all: true }, 'all', 'everyone')}
          >
            Offer to all {matches.data.candidates.length}
          </button>
        )}
      </div>
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      {matches.loading && !matches.data ? (
        <Loading what="candidates" />
      ) : matches.error ? (
        <LoadError error={matches.error} what="Matching" />
      ) : matches.data ? (
        <>
          {matches.data.candidates.length === 0 ? (
            <Empty>Nobody in the bank can work this shift as it stands. The reasons are below.</Empty>
          ) : (
            <table class="table">
              <caption class="visually-hidden">Eligible clinicians, best match first</caption>
              <thead>
                <tr>
                  <th scope="col">Clinician</th>
                  <th scope="col">Distance</th>
                  <th scope="col">Match</th>
                  <th scope="col">
                    <span class="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {matches.data.candidates.map((c) => (
                  <tr key={c.clinicianId}>
                    <td data-label="Clinician">
                      <strong>{c.name}</strong>
                    </td>
                    <td data-label="Distance">{c.distanceKm === undefined ? '–' : `${c.distanceKm.toFixed(1)} km`}</td>
                    <td data-label="Match">
                      {c.score === undefined ? '–' : `${Math.round(c.score)}%`}
                      {c.preferred && (
                        <>
                          {' '}
                          <Badge tone="info">Prefers this practice</Badge>
                        </>
                      )}
                    </td>
                    <td class="cell-action">
                      {c.offered || offered[c.clinicianId] === 'done' ? (
                        <Badge tone="ok">Offered</Badge>
                      ) : (
                        <button
                          type="button"
                          class="button button-small"
                          disabled={offered[c.clinicianId] === 'busy'}
                          onClick={() => offer({ clinicianIds: [c.clinicianId] }, c.clinicianId, c.name)}
                        >
                          Offer<span class="visually-hidden"> to {c.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Excluded excluded={matches.data.excluded} />
        </>
      ) : null}
    </section>
  );
}

function Excluded({ excluded }: { excluded: Matches['excluded'] }) {
  const byReason = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const e of excluded) for (const r of e.reasons) m.set(r, [...(m.get(r) ?? []), e.name ?? e.clinicianId]);
    return [...m.entries()].sort((a, b) => b[1].length - a[1].length);
  }, [excluded]);
  if (!excluded.length) return null;
  return (
    <div class="excluded">
      <h3>Not eligible ({excluded.length})</h3>
      <ul class="reason-list">
        {byReason.map(([reason, who]) => (
          <li key={reason}>
            <details>
              <summary>
                <span class="reason-name">{reasonLabel(reason)}</span> <span class="count">{who.length}</span>
              </summary>
              <p>
                {who.slice(0, 40).join(', ')}
                {who.length > 40 ? ` and ${who.length - 40} more` : ''}
              </p>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
