import { useMemo, useState } from 'preact/hooks';
import { get, getAll, post } from '../api';
import { useApp, useMe } from '../app';
import { instantLabel, minutesLabel, pounds, timeOf, toLondonLocal } from '../format';
import type { Clinician, Timesheet } from '../records';
import { Badge, Empty, Field, Loaded, messageOf, Notice, PageHeader, StatusBadge, useAsync } from '../ui';

const STATUSES = [
  ['submitted', 'Waiting for you'],
  ['approved', 'Approved'],
  ['rejected', 'Rejected'],
  ['exported', 'Paid (exported)'],
] as const;

/** Timesheets for the manager's practices: approve what was worked, reject what was not. */
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

  const decide = async (t: Timesheet, action: 'approve' | 'reject', reason?: string) => {
    try {
      await post(`/timesheets/${t.id}/${action}`, action === 'reject' ? { reason } : {});
      setDone((d) => ({
        ...d,
        [t.id]: {
          tone: 'success',
          text:
            action === 'approve' ? 'Approved: it goes in the next payroll export.' : 'Rejected: the clinician is told.',
        },
      }));
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
                  <dl class="inline-details">
                    <dt>Paid time</dt>
                    <dd>{minutesLabel(t.paidMinutes)}</dd>
                    <dt>Break</dt>
                    <dd>{t.breakMinutes} min</dd>
                    <dt>Gross</dt>
                    <dd>
                      <strong>{pounds(t.grossPence)}</strong>
                    </dd>
                  </dl>
                  {t.rejectReason && <p class="muted">Rejected: {t.rejectReason}</p>}
                  {done[t.id] ? (
                    <Notice tone={done[t.id]!.tone}>{done[t.id]!.text}</Notice>
                  ) : (
                    t.status === 'submitted' && <Decide onDecide={(a, r) => decide(t, a, r)} />
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

function Decide({ onDecide }: { onDecide: (action: 'approve' | 'reject', reason?: string) => Promise<void> }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (action: 'approve' | 'reject') => {
    if (action === 'reject' && reason.trim().length < 3) return setError('Say why, so the clinician can correct it');
    setBusy(true);
    await onDecide(action, reason.trim());
    setBusy(false);
  };
  return rejecting ? (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run('reject');
      }}
      noValidate
    >
      <Field label="Why are you rejecting it?" error={error}>
        {(a) => <input {...a} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <div class="form-actions">
        <button type="submit" class="button button-warning" disabled={busy}>
          Reject timesheet
        </button>
        <button type="button" class="button button-secondary" onClick={() => setRejecting(false)}>
          Back
        </button>
      </div>
    </form>
  ) : (
    <div class="form-actions">
      <button type="button" class="button" disabled={busy} onClick={() => run('approve')}>
        Approve
      </button>
      <button type="button" class="button button-secondary" disabled={busy} onClick={() => setRejecting(true)}>
        Reject…
      </button>
    </div>
  );
}
