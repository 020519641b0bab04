import { useState } from 'preact/hooks';
import { CreateInviteBody } from '../../../lib/schemas/invites';
import { ApiError, getAll, post } from '../api';
import { dateLabel, instantLabel, ROLE_LABELS, roleLabel } from '../format';
import { validate } from '../forms';
import { href } from '../router';
import { Empty, ErrorSummary, Field, Loaded, messageOf, Notice, PageHeader, StatusBadge, useAsync } from '../ui';

interface Invite {
  id: string;
  email: string;
  phone?: string;
  roles: string[];
  status: 'pending' | 'accepted' | 'expired';
  createdAt: string;
  expiresAt: string;
  acceptedAt?: string;
  clinicianId?: string;
}

const LABELS: Record<string, string> = { email: 'Email address', phone: 'Mobile number', roles: 'Roles' };

/** HR's invitations: send one (the link is shown once, and emailed), see who has joined, approve applicants. */
export function HrInvites() {
  const invites = useAsync(() => getAll<Invite>('/invites', 'invites'), []);
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string; url?: string }>();
  const [busy, setBusy] = useState(false);
  const [approved, setApproved] = useState<Record<string, string>>({});

  const toggle = (role: string) => setRoles((rs) => (rs.includes(role) ? rs.filter((r) => r !== role) : [...rs, role]));

  const send = async (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    const body = { email, ...(phone.trim() ? { phone } : {}), roles };
    const checked = validate(CreateInviteBody, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      const r = await post<{ invite: { url: string; expiresAt: string } }>('/invites', body);
      setStatus({
        tone: 'success',
        text: `Invitation emailed to ${email}. The link works once, until ${instantLabel(r.invite.expiresAt)}.`,
        url: r.invite.url,
      });
      setEmail('');
      setPhone('');
      setRoles([]);
      invites.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
      else setStatus({ tone: 'error', text: messageOf(err) });
    }
    setBusy(false);
  };

  const approve = async (clinicianId: string) => {
    try {
      await post(`/clinicians/${clinicianId}/approve`);
      setApproved((a) => ({ ...a, [clinicianId]: 'Approved: now offered shifts they are eligible for' }));
    } catch (err) {
      const text = err instanceof ApiError && err.code === 'INVALID_STATE' ? 'Already in the bank' : messageOf(err);
      setApproved((a) => ({ ...a, [clinicianId]: text }));
    }
  };

  return (
    <>
      <PageHeader
        title="Invites"
        lead="Invite someone to join the bank. They fill in their details, sign in and upload their documents; you approve them once their checks are done."
      />
      <div class="two-col">
        <form class="form card" onSubmit={send} noValidate aria-labelledby="invite-h">
          <h2 id="invite-h">Send an invitation</h2>
          <ErrorSummary errors={errors} labels={LABELS} />
          {status && (
            <Notice tone={status.tone}>
              <span class="break">{status.text}</span>
              {status.url && (
                <>
                  {' '}
                  <span class="muted small">Link: </span>
                  <code class="break" data-testid="invite-link">
                    {status.url}
                  </code>
                </>
              )}
            </Notice>
          )}
          <Field label={LABELS.email!} error={errors.email}>
            {(a) => (
              <input
                {...a}
                name="email"
                type="email"
                autoComplete="off"
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            )}
          </Field>
          <Field
            label={`${LABELS.phone} (optional)`}
            hint="For their first text; they confirm it themselves"
            error={errors.phone}
          >
            {(a) => (
              <input {...a} name="phone" type="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
            )}
          </Field>
          <fieldset class={`field${errors.roles ? ' field-error' : ''}`}>
            <legend>{LABELS.roles}</legend>
            <p class="hint">The documents they must provide follow from these.</p>
            {errors.roles && <p class="error-message">{errors.roles}</p>}
            <div class="checkbox-grid">
              {Object.keys(ROLE_LABELS).map((role) => (
                <label class="checkbox" key={role}>
                  <input
                    type="checkbox"
                    name={`role-${role}`}
                    checked={roles.includes(role)}
                    onChange={() => toggle(role)}
                  />
                  <span>{roleLabel(role)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Sending…' : 'Send invitation'}
          </button>
        </form>
        <section class="card" aria-labelledby="sent-h">
          <h2 id="sent-h">Sent</h2>
          <Loaded state={invites} what="Invitations">
            {(list) =>
              list.length === 0 ? (
                <Empty>No invitations yet. Send one and it appears here until it is used or expires.</Empty>
              ) : (
                <ul class="list-plain invite-list">
                  {list.map((i) => (
                    <li key={i.id} class="invite-row">
                      <div>
                        <strong class="break">{i.email}</strong> <StatusBadge status={i.status} />
                        <div class="muted small">
                          {i.roles.map(roleLabel).join(', ')} · sent {dateLabel(i.createdAt.slice(0, 10))}
                          {i.status === 'pending' && <> · expires {instantLabel(i.expiresAt)}</>}
                          {i.acceptedAt && <> · joined {instantLabel(i.acceptedAt)}</>}
                        </div>
                      </div>
                      {i.status === 'accepted' && i.clinicianId && (
                        <div class="invite-actions">
                          <a
                            class="button button-secondary button-small"
                            href={href(`/admin/clinicians/${i.clinicianId}/documents`)}
                          >
                            Review documents
                          </a>
                          {approved[i.clinicianId] ? (
                            <span class="small">{approved[i.clinicianId]}</span>
                          ) : (
                            <button
                              type="button"
                              class="button button-small"
                              onClick={() => void approve(i.clinicianId!)}
                            >
                              Approve into the bank
                            </button>
                          )}
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>
        </section>
      </div>
    </>
  );
}
