import { useEffect, useState } from 'preact/hooks';
import { ApiError, download, get, isNotAvailable, post } from '../api';
import { addDays, dateLabel, instantLabel, londonToday, pounds } from '../format';
import type { PayrollExport } from '../records';
import {
  Empty,
  ErrorSummary,
  Field,
  LoadError,
  Loaded,
  messageOf,
  Notice,
  PageHeader,
  StatusBadge,
  useAsync,
} from '../ui';

/** Last calendar month, the usual payroll period. */
function lastMonth(today: string): { from: string; to: string } {
  const firstOfThis = `${today.slice(0, 8)}01`;
  const to = addDays(firstOfThis, -1);
  return { from: `${to.slice(0, 8)}01`, to };
}

/** HR: export approved timesheets for payroll, then download the CSV. */
export function HrPayroll() {
  const exports = useAsync(
    () =>
      get<{ exports: PayrollExport[] }>('/payroll/exports').then((r) =>
        [...r.exports].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '')),
      ),
    [],
  );
  const [current, setCurrent] = useState<PayrollExport>();

  return (
    <>
      <PageHeader
        title="Payroll exports"
        lead="Each export holds the approved timesheets no earlier export has paid, for shifts in the dates you choose."
      />
      <div class="two-col">
        <StartExport
          onStarted={(e) => {
            setCurrent(e);
            exports.reload();
          }}
        />
        {current && (
          <ExportProgress
            key={current.id}
            initial={current}
            onReady={() => {
              exports.reload();
            }}
          />
        )}
      </div>
      <section aria-labelledby="past-h">
        <h2 id="past-h">Past exports</h2>
        <Loaded state={exports} what="Past exports">
          {(list) =>
            list.length === 0 ? (
              <Empty>No exports yet.</Empty>
            ) : (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Shifts from</th>
                    <th scope="col">to</th>
                    <th scope="col">Made</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="num">
                      Timesheets
                    </th>
                    <th scope="col" class="num">
                      Total
                    </th>
                    <th scope="col">
                      <span class="visually-hidden">Download</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((e) => (
                    <tr key={e.id}>
                      <td data-label="From">{dateLabel(e.from)}</td>
                      <td data-label="To">{dateLabel(e.to)}</td>
                      <td data-label="Made">{instantLabel(e.createdAt)}</td>
                      <td data-label="Status">
                        <StatusBadge status={e.status} />
                      </td>
                      <td data-label="Timesheets" class="num">
                        {e.rows ?? '–'}
                      </td>
                      <td data-label="Total" class="num">
                        {pounds(e.totalPence)}
                      </td>
                      <td class="cell-action">{e.status === 'ready' && <DownloadButton exp={e} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </section>
    </>
  );
}

function StartExport({ onStarted }: { onStarted: (e: PayrollExport) => void }) {
  const initial = lastMonth(londonToday());
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const errs: Record<string, string> = {};
    if (!from) errs.from = 'Enter the first shift date';
    if (!to) errs.to = 'Enter the last shift date';
    if (from && to && to < from) errs.to = 'must be on or after the first date';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const r = await post<{ export: PayrollExport }>('/payroll/exports', { from, to });
      onStarted(r.export);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
      else setFailure(err);
    }
    setBusy(false);
  };
  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="start-h">
      <h2 id="start-h">Start an export</h2>
      <ErrorSummary errors={errors} labels={{ from: 'From', to: 'To' }} />
      {failure !== undefined && <LoadError error={failure} what="Payroll export" />}
      <div class="form-grid">
        <Field label="From" hint="First shift date" error={errors.from}>
          {(a) => <input {...a} type="date" name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />}
        </Field>
        <Field label="To" hint="Last shift date (included)" error={errors.to}>
          {(a) => <input {...a} type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />}
        </Field>
      </div>
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Starting…' : 'Start export'}
      </button>
    </form>
  );
}

function ExportProgress({ initial, onReady }: { initial: PayrollExport; onReady: () => void }) {
  const [exp, setExp] = useState(initial);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (exp.status !== 'running') {
      onReady();
      return;
    }
    const timer = setTimeout(async () => {
      try {
        setExp((await get<{ export: PayrollExport }>(`/payroll/exports/${exp.id}`)).export);
      } catch (e) {
        setError(messageOf(e));
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, [exp]);
  return (
    <section class="card" aria-labelledby="progress-h" aria-live="polite">
      <h2 id="progress-h">
        Export {dateLabel(exp.from, false)} to {dateLabel(exp.to)}
      </h2>
      {exp.status === 'running' && !error && (
        <p class="loading">
          <span class="spinner" aria-hidden="true" /> Gathering approved timesheets…
        </p>
      )}
      {error && <Notice tone="error">{error}</Notice>}
      {exp.status === 'failed' && (
        <Notice tone="error" title="The export failed">
          Please try again.
        </Notice>
      )}
      {exp.status === 'ready' && (
        <>
          <Notice tone="success" title="Ready">
            {exp.rows ?? 0} timesheet{exp.rows === 1 ? '' : 's'}, {pounds(exp.totalPence)} in total.
          </Notice>
          <DownloadButton exp={exp} primary />
        </>
      )}
    </section>
  );
}

function DownloadButton({ exp, primary }: { exp: PayrollExport; primary?: boolean }) {
  const [error, setError] = useState<string>();
  return (
    <>
      <button
        type="button"
        class={`button${primary ? '' : ' button-secondary button-small'}`}
        onClick={() =>
          download(`/payroll/exports/${exp.id}/csv`, `payroll-${exp.from}-to-${exp.to}.csv`, 'text/csv').catch((e) =>
            setError(isNotAvailable(e) ? 'Downloads are not available yet.' : messageOf(e)),
          )
        }
      >
        Download CSV
        <span class="visually-hidden">
          {' '}
          for {exp.from} to {exp.to}
        </span>
      </button>
      {error && <span class="error-message">{error}</span>}
    </>
  );
}
