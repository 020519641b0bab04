import { useMemo, useState } from 'preact/hooks';
import { get, getAll, post } from '../api';
import { useApp, useMe } from '../app';
import { instantLabel, minutesLabel, pounds, timeOf, toLondonLocal } from '../format';
import type { Clinician, Timesheet } from '../records';
import { Badge, Empty, Field, Loaded, messageOf, Notice, PageHeader, StatusBadge, useAsync } from '../ui';

const STATUSES = [
  ['submitted', 'Waiting for you'],
  ['queried', 'Queried'],
  ['approved', 'Approved'],
  ['rejected', 'Rejected'],
  ['exported', 'Paid (exported)'],
] as const;

/**
 * Timesheets for the manager's practices: the claim beside the booking, its
 * difference highlighted; approve it (as claimed or amended), query it, or
 * reject it with a reason the clinician is told.
 */
export function ManagerTimesheets() {
  const me = useMe();
  const { practiceName } = useApp();
  const [status, setStatus] = useState('submitted');
  const sheets = useAsync(
    () => get<{ timesheets: Timesheet[] }>(`/timesheets?status=${status}&limit=200`).then((r) => r.timesheets),
    [status],
  );
  const bank = useAsync(() => getAll<Clinician>('/clinicians', 'clinicians', 1000).catch(() => []), []);
  const names = useMemo(() => new Map((bank.data ?? []).map((c) => [c.id, c.name])), [bank.data]);
  const [done, setDone] = useState<Record<string, { tone: 'success' | 'error'; text: string }>>({});

  const mine = (t: Timesheet) => me.role === 'admin' || !t.practiceId || me.practiceIds.includes(t.practiceId);

  const decide = async (t: Timesheet, action: Action, body: Record<string, unknown>) => {
    try {
      await post(`/timesheets/${t.id}/${action}`, body);
      setDone((d) => ({ ...d, [t.id]: { tone: 'success', text: DONE_TEXT[action] } }));
    } catch (err) {
      setDone((d) => ({ ...d, [t.id]: { tone: 'error', text: messageOf(err) } }));
    }
  };

  return (
    <>
      <PageHeader title="Timesheets" lead="Check the hours worked against your rota, then approve them for payroll." />
      <fieldset class="tabs">
        <legend class="visually-hidden">Show timesheets</legend>
        {STATUSES.map(([value, label]) => (
          <button
            key={value}
            type="button"
            class={`tab${status === value ? ' tab-active' : ''}`}
            aria-pressed={status === value}
            onClick={() => setStatus(value)}
          >
            {label}
          </button>
        ))}
      </fieldset>
      <Loaded state={sheets} what="Timesheets">
        {(all) => {
          const list = all.filter(mine);
          if (!list.length)
            return (
              <Empty>{status === 'submitted' ? 'Nothing waiting for approval. ' : ''}No timesheets to show.</Empty>
            );
          return (
            <ul class="stack">
              {list.map((t) => (
                <li key={t.id} class="card timesheet">
                  <div class="timesheet-head">
                    <div>
                      <h2 class="card-title">{names.get(t.clinicianId) ?? t.clinicianId}</h2>
                      <p class="muted">
                        {t.practiceId ? `${practiceName(t.practiceId)} · ` : ''}
                        {instantLabel(t.start)}–{timeOf(toLondonLocal(t.end))}
                      </p>
                    </div>
                    <div class="timesheet-figures">
                      <StatusBadge status={t.status} />
                      {t.bankHoliday && <Badge tone="warn">Bank holiday</Badge>}
                    </div>
                  </div>
                  <BookedAndClaimed t={t} />
                  <dl class="inline-details">
                    <dt>Paid time</dt>
                    <dd>{minutesLabel(t.paidMinutes)}</dd>
                    <dt>Gross</dt>
                    <dd>
                      <strong>{pounds(t.grossPence)}</strong>
                    </dd>
                    {!!t.mileagePence && (
                      <>
                        <dt>Mileage</dt>
                        <dd>
                          {t.mileageMiles} mi · {pounds(t.mileagePence)}
                        </dd>
                      </>
                    )}
                    {(t.expenses ?? []).map((x) => (
                      <>
                        <dt>{x.description}</dt>
                        <dd>{pounds(x.amountPence)}</dd>
                      </>
                    ))}
                    {t.totalPence !== undefined && t.totalPence !== t.grossPence && (
                      <>
                        <dt>Total</dt>
                        <dd>
                          <strong>{pounds(t.totalPence)}</strong>
                        </dd>
                      </>
                    )}
                  </dl>
                  {t.note && <p class="muted">Clinician's note: {t.note}</p>}
                  {t.queryNote && <p class="muted">Your query: {t.queryNote}</p>}
                  {t.rejectReason && <p class="muted">Rejected: {t.rejectReason}</p>}
                  {t.amendment && <p class="muted">Amended on approval: {t.amendment.note}</p>}
                  {done[t.id] ? (
                    <Notice tone={done[t.id]!.tone}>{done[t.id]!.text}</Notice>
                  ) : (
                    (t.status === 'submitted' || t.status === 'queried') && (
                      <Decide t={t} onDecide={(a, body) => decide(t, a, body)} />
                    )
                  )}
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </>
  );
}

type Action = 'approve' | 'query' | 'reject';

const DONE_TEXT: Record<Action, string> = {
  approve: 'Approved: it goes in the next payroll export.',
  query: 'Queried: the clinician is told and can correct it.',
  reject: 'Rejected: the clinician is told why and can resubmit.',
};

function signed(minutes: number): string {
  if (minutes === 0) return 'as booked';
  const sign = minutes > 0 ? '+' : '−';
  return `${sign}${minutesLabel(Math.abs(minutes))}`;
}

/** The booked times beside the claimed ones, and the difference, highlighted when there is one. */
function BookedAndClaimed({ t }: { t: Timesheet }) {
  const booked = t.booked;
  if (!booked) return null;
  const span = (x: { start: string; end: string; breakMinutes: number }) =>
    `${timeOf(toLondonLocal(x.start))}–${timeOf(toLondonLocal(x.end))}, ${x.breakMinutes} min break`;
  const v = t.variance ?? { minutes: 0, pence: 0 };
  return (
    <table class="booked-claimed">
      <tbody>
        <tr>
          <th scope="row">Booked</th>
          <td>{span(booked)}</td>
        </tr>
        <tr>
          <th scope="row">Claimed</th>
          <td>{span(t)}</td>
        </tr>
        <tr>
          <th scope="row">Difference</th>
          <td>
            {v.minutes === 0 ? (
              <Badge tone="ok">As booked</Badge>
            ) : (
              <Badge tone={v.minutes > 0 ? 'warn' : 'info'}>
                {signed(v.minutes)} · {v.pence >= 0 ? '+' : '−'}
                {pounds(Math.abs(v.pence))}
              </Badge>
            )}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function Decide(props: { t: Timesheet; onDecide: (action: Action, body: Record<string, unknown>) => Promise<void> }) {
  const { t } = props;
  const [mode, setMode] = useState<'buttons' | Action | 'amend'>('buttons');
  const [text, setText] = useState('');
  const [times, setTimes] = useState({
    start: toLondonLocal(t.start),
    end: toLondonLocal(t.end),
    breakMinutes: String(t.breakMinutes),
  });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (action: Action, body: Record<string, unknown>) => {
    setBusy(true);
    await props.onDecide(action, body);
    setBusy(false);
  };
  const back = (
    <button type="button" class="button button-secondary" onClick={() => setMode('buttons')}>
      Back
    </button>
  );
  if (mode === 'buttons')
    return (
      <div class="form-actions">
        <button type="button" class="button" disabled={busy} onClick={() => run('approve', {})}>
          Approve
        </button>
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => setMode('amend')}>
          Amend and approve…
        </button>
        {t.status === 'submitted' && (
          <button type="button" class="button button-secondary" disabled={busy} onClick={() => setMode('query')}>
            Query…
          </button>
        )}
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => setMode('reject')}>
          Reject…
        </button>
      </div>
    );
  if (mode === 'amend')
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim().length < 3) return setError('Say why you are changing the times');
          void run('approve', {
            start: times.start,
            end: times.end,
            breakMinutes: Number(times.breakMinutes) || 0,
            note: text.trim(),
          });
        }}
        noValidate
      >
        <div class="form-grid form-grid-3">
          <Field label="Started" hint="UK time">
            {(a) => (
              <input
                {...a}
                type="datetime-local"
                value={times.start}
                onInput={(e) => setTimes((x) => ({ ...x, start: e.currentTarget.value }))}
              />
            )}
          </Field>
          <Field label="Finished" hint="UK time">
            {(a) => (
              <input
                {...a}
                type="datetime-local"
                value={times.end}
                onInput={(e) => setTimes((x) => ({ ...x, end: e.currentTarget.value }))}
              />
            )}
          </Field>
          <Field label="Break (minutes)">
            {(a) => (
              <input
                {...a}
                type="number"
                min="0"
                step="5"
                value={times.breakMinutes}
                onInput={(e) => setTimes((x) => ({ ...x, breakMinutes: e.currentTarget.value }))}
              />
            )}
          </Field>
        </div>
        <Field label="Why are you amending it?" hint="Kept in the audit and shown to the clinician" error={error}>
          {(a) => <input {...a} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            Approve amended
          </button>
          {back}
        </div>
      </form>
    );
  const action = mode;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim().length < 3) return setError('Say why, so the clinician can correct it');
        void run(action, action === 'query' ? { note: text.trim() } : { reason: text.trim() });
      }}
      noValidate
    >
      <Field
        label={action === 'query' ? 'What should the clinician check?' : 'Why are you rejecting it?'}
        error={error}
      >
        {(a) => <input {...a} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
      </Field>
      <div class="form-actions">
        <button type="submit" class={`button${action === 'reject' ? ' button-warning' : ''}`} disabled={busy}>
          {action === 'query' ? 'Send query' : 'Reject timesheet'}
        </button>
        {back}
      </div>
    </form>
  );
}
