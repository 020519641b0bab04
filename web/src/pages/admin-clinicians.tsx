import { useMemo, useState } from 'preact/hooks';
import { getAll } from '../api';
import { useMe } from '../app';
import { addDays, complianceStatus, dateLabel, documentLabel, londonToday, ROLE_LABELS, roleLabel } from '../format';
import type { Clinician } from '../records';
import { href } from '../router';
import { Badge, Empty, Field, Loaded, PageHeader, useAsync } from '../ui';

/** What stops the clinician being bookable, or lapses first, in words: from the compliance the API derives. */
function lapsing(c: Clinician, today: string): string {
  const k = c.compliance;
  if (k.missing.length) return `Missing: ${k.missing.map(documentLabel).join(', ')}`;
  if (!c.bookableUntil || c.bookableUntil.startsWith('0000')) return '–';
  const lapses = Object.entries(k.validUntil).find(([, until]) => until === c.bookableUntil)?.[0];
  const item = lapses ? documentLabel(lapses) : 'DBS check';
  return `${item} ${c.bookableUntil <= today ? 'lapsed' : 'lapses'} ${dateLabel(c.bookableUntil)}`;
}

/** The bank: every clinician with their compliance, and who lapses within 30 days. */
export function AdminClinicians() {
  const me = useMe();
  // Admin edits a clinician; HR looks after their documents; a manager only reads the list.
  const linkTo = (c: Clinician) =>
    me.role === 'admin'
      ? `/admin/clinicians/${c.id}`
      : me.role === 'hr'
        ? `/admin/clinicians/${c.id}/documents`
        : undefined;
  const mayDocuments = me.role === 'admin' || me.role === 'hr';
  const bank = useAsync(() => getAll<Clinician>('/clinicians', 'clinicians', 5000), []);
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [status, setStatus] = useState('');
  const [limit, setLimit] = useState(50);
  const today = londonToday();
  const soon = addDays(today, 30);

  const expiring = useMemo(
    () =>
      (bank.data ?? [])
        .filter((c) => c.bookableUntil && c.bookableUntil > today && c.bookableUntil <= soon)
        .sort((a, b) => a.bookableUntil!.localeCompare(b.bookableUntil!)),
    [bank.data, today, soon],
  );
  const shown = useMemo(() => {
    const text = q.trim().toLowerCase();
    return (bank.data ?? []).filter(
      (c) =>
        (!text || `${c.name} ${c.email} ${c.phone} ${c.payrollId ?? ''}`.toLowerCase().includes(text)) &&
        (!role || c.roles.includes(role)) &&
        (!status || complianceStatus(c.bookableUntil, today).tone === status),
    );
  }, [bank.data, q, role, status, today]);

  return (
    <>
      <PageHeader
        title="Clinicians"
        lead="The bank, with each clinician’s compliance and the date they stop being bookable."
        actions={
          me.role === 'admin' && (
            <a class="button" href={href('/admin/clinicians/new')}>
              Add a clinician
            </a>
          )
        }
      />
      <Loaded state={bank} what="Clinicians">
        {(all) => {
          const counts = { ok: 0, warn: 0, bad: 0 };
          for (const c of all) counts[complianceStatus(c.bookableUntil, today).tone]++;
          return (
            <>
              <ul class="stat-row" aria-label="Compliance at a glance">
                <li class="stat">
                  <span class="stat-value">{all.length}</span> <span class="stat-label">in the bank</span>
                </li>
                <li class="stat stat-ok">
                  <span class="stat-value">{counts.ok}</span> <span class="stat-label">compliant</span>
                </li>
                <li class="stat stat-warn">
                  <span class="stat-value">{counts.warn}</span> <span class="stat-label">expiring within 30 days</span>
                </li>
                <li class="stat stat-bad">
                  <span class="stat-value">{counts.bad}</span> <span class="stat-label">not bookable</span>
                </li>
              </ul>
              <section class="card card-warn" aria-labelledby="expiring-h">
                <h2 id="expiring-h">Expiring soon</h2>
                <p class="muted">
                  Bookable until a date within the next 30 days. Chase their renewals now
                  {mayDocuments && ', and upload the new evidence on their documents page'}.
                </p>
                {expiring.length === 0 ? (
                  <Empty>Nobody’s checks lapse in the next 30 days.</Empty>
                ) : (
                  <ul class="expiring-list">
                    {expiring.map((c) => (
                      <li key={c.id}>
                        <span>
                          <strong>{c.name}</strong> <span class="muted">{c.roles.map(roleLabel).join(', ')}</span>
                        </span>
                        <span class="expiring-action">
                          <span>{lapsing(c, today)}</span>
                          {mayDocuments && (
                            <a
                              class="button button-small button-secondary"
                              href={href(`/admin/clinicians/${c.id}/documents`)}
                              aria-label={`Documents of ${c.name}`}
                            >
                              Documents
                            </a>
                          )}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section aria-labelledby="all-h">
                <h2 id="all-h">All clinicians</h2>
                <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter clinicians">
                  <Field label="Search">
                    {(a) => (
                      <input
                        {...a}
                        type="search"
                        value={q}
                        placeholder="Name, email, phone"
                        onInput={(e) => setQ(e.currentTarget.value)}
                      />
                    )}
                  </Field>
                  <Field label="Role">
                    {(a) => (
                      <select {...a} value={role} onChange={(e) => setRole(e.currentTarget.value)}>
                        <option value="">Any role</option>
                        {Object.entries(ROLE_LABELS).map(([v, l]) => (
                          <option key={v} value={v}>
                            {l}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field label="Compliance">
                    {(a) => (
                      <select {...a} value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
                        <option value="">Any</option>
                        <option value="ok">Compliant</option>
                        <option value="warn">Expiring soon</option>
                        <option value="bad">Not bookable</option>
                      </select>
                    )}
                  </Field>
                </form>
                <p class="summary-line" aria-live="polite">
                  Showing {Math.min(shown.length, limit)} of {shown.length}
                </p>
                {shown.length === 0 ? (
                  <Empty>Nobody matches.</Empty>
                ) : (
                  <table class="table">
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Role</th>
                        <th scope="col">Phone</th>
                        <th scope="col">Compliance</th>
                        <th scope="col">Bookable until</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.slice(0, limit).map((c) => {
                        const s = complianceStatus(c.bookableUntil, today);
                        return (
                          <tr key={c.id}>
                            <td data-label="Name">
                              <div>
                                <strong>{linkTo(c) ? <a href={href(linkTo(c)!)}>{c.name}</a> : c.name}</strong>
                                <span class="cell-sub">{c.email}</span>
                              </div>
                            </td>
                            <td data-label="Role">{c.roles.map(roleLabel).join(', ')}</td>
                            <td data-label="Phone">{c.phone}</td>
                            <td data-label="Compliance">
                              {c.status === 'disabled' ? (
                                <Badge tone="neutral">Disabled</Badge>
                              ) : (
                                <Badge tone={s.tone}>{s.label}</Badge>
                              )}
                            </td>
                            <td data-label="Bookable until">{lapsing(c, today)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                )}
                {shown.length > limit && (
                  <button
                    type="button"
                    class="button button-secondary show-more"
                    onClick={() => setLimit((l) => l + 100)}
                  >
                    Show {Math.min(100, shown.length - limit)} more
                  </button>
                )}
              </section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
