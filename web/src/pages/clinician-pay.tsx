import { useState } from 'preact/hooks';
import { download, getAll } from '../api';
import { useApp, useMe } from '../app';
import { dateLabel, instantLabel, pounds } from '../format';
import { type Invoice, monthLabel } from '../pay';
import { Empty, Loaded, messageOf, Notice, PageHeader, StatusBadge, useAsync } from '../ui';

interface Timesheet {
  id: string;
  practiceId: string;
  start: string;
  grossPence: number;
  mileagePence?: number;
  employment?: 'bank' | 'self-employed' | 'limited-company';
  lineType?: string;
  status: string;
  submittedAt: string;
  decidedAt?: string;
  exportedAt?: string;
  invoiceId?: string;
}

interface Step {
  label: string;
  done: boolean;
  detail?: string;
}

/** Each timesheet's way to being paid: through payroll for bank work, by invoice (and Form A) for locum work. */
function journey(t: Timesheet, invoice: Invoice | undefined): Step[] {
  const approved = t.status === 'approved' || t.status === 'exported';
  const steps: Step[] = [
    { label: 'Submitted', done: true, detail: instantLabel(t.submittedAt) },
    {
      label: t.status === 'rejected' ? 'Rejected' : t.status === 'queried' ? 'Queried by the practice' : 'Approved',
      done: approved,
      detail: approved && t.decidedAt ? instantLabel(t.decidedAt) : undefined,
    },
  ];
  if (t.employment === undefined || t.employment === 'bank') {
    steps.push({
      label: 'Sent to payroll',
      done: Boolean(t.exportedAt),
      detail: t.exportedAt ? instantLabel(t.exportedAt) : undefined,
    });
    return steps;
  }
  steps.push({
    label: invoice ? `Invoiced (${invoice.number})` : 'Invoiced',
    done: Boolean(invoice),
    detail: invoice ? instantLabel(invoice.issuedAt) : undefined,
  });
  if (invoice && invoice.pensionablePence > 0) {
    steps.push({
      label: 'Form A signed',
      done: Boolean(invoice.formASignedAt),
      detail: invoice.formASignedAt ? instantLabel(invoice.formASignedAt) : undefined,
    });
  }
  steps.push({
    label: 'Paid',
    done: invoice?.status === 'paid',
    detail: invoice?.paidAt ? instantLabel(invoice.paidAt) : undefined,
  });
  return steps;
}

function Save({ path, filename, label }: { path: string; filename: string; label: string }) {
  const [error, setError] = useState<string>();
  return (
    <>
      <button
        type="button"
        class="button button-secondary button-small"
        onClick={() => download(path, filename, 'application/pdf').catch((e) => setError(messageOf(e)))}
      >
        {label}
      </button>
      {error && <span class="error-message">{error}</span>}
    </>
  );
}

/** "My pay": every timesheet's journey from submission to payroll or invoice and payment, and the pension forms. */
export function ClinicianPay() {
  const me = useMe();
  const { practiceName } = useApp();
  const data = useAsync(async () => {
    const [timesheets, invoices] = await Promise.all([
      getAll<Timesheet>('/timesheets', 'timesheets'),
      getAll<Invoice>('/invoices', 'invoices'),
    ]);
    return { timesheets: [...timesheets].sort((a, b) => b.start.localeCompare(a.start)), invoices };
  }, []);
  return (
    <>
      <PageHeader
        title="My pay"
        lead="Each shift's timesheet on its way to being paid: through payroll, or on your monthly invoice to the practice."
      />
      <Loaded state={data} what="Your pay">
        {({ timesheets, invoices }) => {
          const byId = new Map(invoices.map((i) => [i.id, i]));
          const byLine = new Map(invoices.flatMap((i) => i.lines.map((l) => [l.timesheetId, i] as const)));
          const signedMonths = [...new Set(invoices.filter((i) => i.formASignedAt).map((i) => i.month))].sort();
          const unsigned = invoices.filter((i) => i.pensionablePence > 0 && !i.formASignedAt);
          return (
            <>
              {unsigned.length > 0 && (
                <Notice tone="warning">
                  {unsigned.length} Form A{unsigned.length === 1 ? ' is' : 's are'} waiting for the practice's
                  signature. Work more than 10 weeks old cannot be pensioned.
                </Notice>
              )}
              {invoices.length > 0 && (
                <section aria-labelledby="invoices-h">
                  <h2 id="invoices-h">Invoices</h2>
                  <table class="table">
                    <thead>
                      <tr>
                        <th scope="col">Invoice</th>
                        <th scope="col">Practice</th>
                        <th scope="col">Month</th>
                        <th scope="col">Status</th>
                        <th scope="col">Form A</th>
                        <th scope="col" class="num">
                          Total
                        </th>
                        <th scope="col">
                          <span class="visually-hidden">Downloads</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {invoices.map((i) => (
                        <tr key={i.id}>
                          <td data-label="Invoice">{i.number}</td>
                          <td data-label="Practice">{practiceName(i.practiceId)}</td>
                          <td data-label="Month">{monthLabel(i.month)}</td>
                          <td data-label="Status">
                            <StatusBadge status={i.status} />
                          </td>
                          <td data-label="Form A">
                            {i.pensionablePence <= 0
                              ? 'Not pensioned'
                              : i.formASignedAt
                                ? `Signed ${instantLabel(i.formASignedAt)}`
                                : 'Awaiting signature'}
                          </td>
                          <td data-label="Total" class="num">
                            {pounds(i.totalPence)}
                          </td>
                          <td class="cell-action">
                            <Save path={`/invoices/${i.id}/pdf`} filename={`${i.number}.pdf`} label="Invoice PDF" />
                            {i.pensionablePence > 0 && (
                              <Save
                                path={`/invoices/${i.id}/form-a`}
                                filename={`${i.number}-form-a.pdf`}
                                label="Form A"
                              />
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {signedMonths.length > 0 && me.clinicianId && (
                    <p class="form-actions">
                      {signedMonths.map((m) => (
                        <Save
                          key={m}
                          path={`/clinicians/${me.clinicianId}/pension/form-b?month=${m}`}
                          filename={`form-b-${m}.pdf`}
                          label={`Form B ${monthLabel(m)}`}
                        />
                      ))}
                    </p>
                  )}
                </section>
              )}
              <section aria-labelledby="journey-h">
                <h2 id="journey-h">Timesheets</h2>
                {timesheets.length === 0 ? (
                  <Empty>No timesheets yet. After a shift, submit its timesheet from My shifts.</Empty>
                ) : (
                  <ul class="stack">
                    {timesheets.map((t) => {
                      const invoice = (t.invoiceId && byId.get(t.invoiceId)) || byLine.get(t.id);
                      return (
                        <li key={t.id} class="card">
                          <h3>
                            {dateLabel(t.start.slice(0, 10))} · {practiceName(t.practiceId)}
                            {t.lineType === 'cancellation-fee' ? ' (cancellation fee)' : ''}
                          </h3>
                          <p>
                            {pounds(t.grossPence + (t.mileagePence ?? 0))} ·{' '}
                            {t.employment === 'bank' || !t.employment ? 'paid through payroll' : 'invoiced'}
                          </p>
                          <ol class="journey">
                            {journey(t, invoice).map((s) => (
                              <li key={s.label} class={s.done ? 'journey-done' : 'journey-todo'}>
                                <span class="journey-mark" aria-hidden="true">
                                  {s.done ? '✓' : '○'}
                                </span>{' '}
                                {s.label}
                                {s.detail && <span class="journey-detail"> · {s.detail}</span>}
                                <span class="visually-hidden">{s.done ? ' (done)' : ' (not yet)'}</span>
                              </li>
                            ))}
                          </ol>
                        </li>
                      );
                    })}
                  </ul>
                )}
              </section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
