import { useState } from 'preact/hooks';
import { download, get, getAll, post } from '../api';
import { useApp, useMe } from '../app';
import { instantLabel, pounds } from '../format';
import { type Invoice, monthLabel } from '../pay';
import { Empty, Loaded, messageOf, Notice, PageHeader, StatusBadge, useAsync } from '../ui';

interface Clinician {
  id: string;
  name: string;
}

/**
 * Locums' invoices to the manager's practices: the PDF, the locum's Form A
 * to sign (once, recording who and when) and payment to record. Both must
 * happen within 10 weeks of the work for it to be pensioned.
 */
export function ManagerInvoices() {
  const me = useMe();
  const { practiceName } = useApp();
  const list = useAsync(async () => {
    const invoices = await getAll<Invoice>('/invoices', 'invoices');
    const ids = [...new Set(invoices.map((i) => i.clinicianId))];
    const names = new Map<string, string>();
    await Promise.all(
      ids.map((id) =>
        get<{ clinician: Clinician }>(`/clinicians/${id}`).then(
          (r) => names.set(id, r.clinician.name),
          () => undefined,
        ),
      ),
    );
    // Waiting on the practice first, newest month first.
    const rank = (i: Invoice) => (i.pensionablePence > 0 && !i.formASignedAt ? 0 : i.status === 'issued' ? 1 : 2);
    return {
      invoices: [...invoices].sort((a, b) => rank(a) - rank(b) || b.month.localeCompare(a.month)),
      names,
    };
  }, []);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState<string>();

  const act = async (i: Invoice, action: 'sign' | 'paid') => {
    setBusy(i.id);
    setNotice(undefined);
    try {
      if (action === 'sign') {
        const { invoice } = await post<{ invoice: Invoice }>(`/invoices/${i.id}/form-a/sign`, {});
        setNotice({
          tone: 'success',
          text: `Form A for ${i.number} signed by ${invoice.formASignedBy ?? me.email}, ${instantLabel(invoice.formASignedAt)}.`,
        });
      } else {
        await post(`/invoices/${i.id}/paid`, {});
        setNotice({ tone: 'success', text: `${i.number} recorded as paid.` });
      }
      list.reload();
    } catch (err) {
      setNotice({ tone: 'error', text: messageOf(err) });
    }
    setBusy(undefined);
  };

  const save = (path: string, filename: string) =>
    download(path, filename, 'application/pdf').catch((e) => setNotice({ tone: 'error', text: messageOf(e) }));

  return (
    <>
      <PageHeader
        title="Locum invoices"
        lead="Sign each pension member's Form A and pay the invoice within 10 weeks of the work, or the locum cannot pension it."
      />
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      <Loaded state={list} what="Invoices">
        {({ invoices, names }) =>
          invoices.length === 0 ? (
            <Empty>No locum invoices yet. They are made on the 1st of each month for the month before.</Empty>
          ) : (
            <ul class="stack">
              {invoices.map((i) => {
                const pensioned = i.pensionablePence > 0;
                return (
                  <li key={i.id} class={`card${pensioned && !i.formASignedAt ? ' card-warn' : ''}`}>
                    <h2>
                      {i.number} · {names.get(i.clinicianId) ?? 'Locum'}
                    </h2>
                    <p>
                      {practiceName(i.practiceId)} · {monthLabel(i.month)} · {i.lines.length} session
                      {i.lines.length === 1 ? '' : 's'} · <strong>{pounds(i.totalPence)}</strong>
                      {pensioned && <> (employer pension {pounds(i.employerPensionPence)})</>}
                    </p>
                    <p>
                      <StatusBadge status={i.status} />{' '}
                      {i.paidAt ? `Paid ${instantLabel(i.paidAt)}` : `Issued ${instantLabel(i.issuedAt)}`}
                    </p>
                    <p>
                      {!pensioned
                        ? 'No Form A: the locum does not pension this work.'
                        : i.formASignedAt
                          ? `Form A signed by ${i.formASignedBy ?? 'the practice'}, ${instantLabel(i.formASignedAt)}`
                          : 'Form A awaiting your signature.'}
                    </p>
                    <div class="form-actions">
                      {pensioned && !i.formASignedAt && (
                        <button type="button" class="button" disabled={busy === i.id} onClick={() => act(i, 'sign')}>
                          Sign Form A<span class="visually-hidden"> for {i.number}</span>
                        </button>
                      )}
                      {i.status === 'issued' && (
                        <button
                          type="button"
                          class="button button-secondary"
                          disabled={busy === i.id}
                          onClick={() => act(i, 'paid')}
                        >
                          Mark paid<span class="visually-hidden"> {i.number}</span>
                        </button>
                      )}
                      <button
                        type="button"
                        class="button button-secondary button-small"
                        onClick={() => save(`/invoices/${i.id}/pdf`, `${i.number}.pdf`)}
                      >
                        Invoice PDF
                      </button>
                      {pensioned && (
                        <button
                          type="button"
                          class="button button-secondary button-small"
                          onClick={() => save(`/invoices/${i.id}/form-a`, `${i.number}-form-a.pdf`)}
                        >
                          Form A PDF
                        </button>
                      )}
                    </div>
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
