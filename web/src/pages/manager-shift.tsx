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
      {shift.status === 'open' && <Candidates shift={shift} />}
    </>
  );
}

function CancelShift({ shift, onCancelled }: { shift: Shift; onCancelled: (s?: Shift) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setError('Say briefly why, so the clinician knows');
    setBusy(true);
    try {
      const r = await post<{ shift: Shift }>(`/shifts/${shift.id}/cancel`, { reason: reason.trim() });
      onCancelled(r.shift);
    } catch (err) {
      setError(isNotAvailable(err) ? 'Cancelling shifts is not available yet.' : messageOf(err));
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
          <div class="form-actions">
            <button type="submit" class="button button-warning" disabled={busy}>
              {busy ? 'Cancelling…' : 'Cancel shift'}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setOpen(false)}>
              Keep it
            </button>
          </div>
        </form>
      )}
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
