import { useMemo, useState } from 'preact/hooks';
import type * as z from 'zod/mini';
import { CreateClinicianBody, UpdateClinicianBody } from '../../../lib/schemas/clinician';
import { ApiError, get, getAll, patch, post } from '../api';
import { useApp } from '../app';
import { complianceStatus, dateLabel, londonToday, ROLE_LABELS, SKILLS, skillLabel } from '../format';
import type { Booking, Clinician } from '../records';
import { href, navigate, useLocation } from '../router';
import { Badge, ErrorSummary, Field, Loaded, messageOf, Notice, PageHeader, useAsync } from '../ui';

const LABELS: Record<string, string> = {
  name: 'Full name',
  email: 'Email',
  phone: 'Mobile number',
  roles: 'Roles',
  skills: 'Skills',
  home: 'Home',
  'home.postcode': 'Home postcode',
  'home.lat': 'Home latitude',
  'home.lon': 'Home longitude',
  maxTravelKm: 'Furthest they will travel',
  maxWeeklyHours: 'Most hours in a week',
  employment: 'Employment',
  payrollId: 'Payroll number',
  pension: 'NHS Pension Scheme',
  'pension.schemeRef': 'Pension scheme reference',
  registration: 'Professional registration',
  'registration.body': 'Registration body',
  'registration.number': 'Registration number',
  'registration.expires': 'Registration expires',
  compliance: 'Compliance',
  'compliance.dbsCheckedOn': 'DBS checked on',
  'compliance.trainingExpires': 'Training expires',
  'compliance.indemnityExpires': 'Indemnity expires',
  'compliance.rightToWork': 'Right to work',
  'compliance.rightToWorkExpires': 'Right to work expires',
  notify: 'Send offers by',
  preferredPracticeIds: 'Preferred practices',
  blockedPracticeIds: 'Blocked practices',
};

const EMPLOYMENTS: [Clinician['employment'], string, string][] = [
  ['bank', 'Bank worker', 'Paid through payroll (PAYE)'],
  ['self-employed', 'Self-employed', 'Sends invoices'],
  ['limited-company', 'Limited company', 'Invoices; each practice records an IR35 determination first'],
];

const REGISTRATION_BODIES = ['GMC', 'NMC', 'HCPC', 'GPhC'] as const;

interface FormState {
  name: string;
  email: string;
  phone: string;
  roles: string[];
  skills: string[];
  postcode: string;
  lat: string;
  lon: string;
  maxTravelKm: string;
  maxWeeklyHours: string;
  employment: Clinician['employment'];
  payrollId: string;
  pensionMember: boolean;
  schemeRef: string;
  regBody: string;
  regNumber: string;
  regExpires: string;
  dbsCheckedOn: string;
  trainingExpires: string;
  indemnityExpires: string;
  rightToWork: boolean;
  rightToWorkExpires: string;
  notify: ('sms' | 'email')[];
  preferredPracticeIds: string[];
  blockedPracticeIds: string[];
}

const BLANK: FormState = {
  name: '',
  email: '',
  phone: '',
  roles: [],
  skills: [],
  postcode: '',
  lat: '',
  lon: '',
  maxTravelKm: '25',
  maxWeeklyHours: '48',
  employment: 'bank',
  payrollId: '',
  pensionMember: false,
  schemeRef: '',
  regBody: '',
  regNumber: '',
  regExpires: '',
  dbsCheckedOn: '',
  trainingExpires: '',
  indemnityExpires: '',
  rightToWork: false,
  rightToWorkExpires: '',
  notify: ['sms', 'email'],
  preferredPracticeIds: [],
  blockedPracticeIds: [],
};

function stateOf(c: Clinician): FormState {
  return {
    name: c.name,
    email: c.email,
    phone: c.phone,
    roles: c.roles,
    skills: c.skills,
    // An applicant who joined without a home has none yet: the admin gives it here before approving them.
    postcode: c.home?.postcode ?? '',
    lat: c.home ? String(c.home.lat) : '',
    lon: c.home ? String(c.home.lon) : '',
    maxTravelKm: String(c.maxTravelKm),
    maxWeeklyHours: String(c.maxWeeklyHours),
    employment: c.employment,
    payrollId: c.payrollId ?? '',
    pensionMember: c.pension?.member ?? false,
    schemeRef: c.pension?.schemeRef ?? '',
    regBody: c.registration?.body ?? '',
    regNumber: c.registration?.number ?? '',
    regExpires: c.registration?.expires ?? '',
    dbsCheckedOn: c.compliance.dbsCheckedOn ?? '',
    trainingExpires: c.compliance.trainingExpires ?? '',
    indemnityExpires: c.compliance.indemnityExpires ?? '',
    rightToWork: c.compliance.rightToWork,
    rightToWorkExpires: c.compliance.rightToWorkExpires ?? '',
    notify: c.notify,
    preferredPracticeIds: c.preferredPracticeIds,
    blockedPracticeIds: c.blockedPracticeIds,
  };
}

const opt = (s: string) => s.trim() || undefined;
const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

/** The body the API takes, from what was typed; the schema decides what is wrong with it. */
function bodyOf(f: FormState) {
  const compliance = {
    rightToWork: f.rightToWork,
    dbsCheckedOn: opt(f.dbsCheckedOn),
    trainingExpires: opt(f.trainingExpires),
    indemnityExpires: opt(f.indemnityExpires),
    rightToWorkExpires: opt(f.rightToWorkExpires),
  };
  return {
    name: f.name,
    email: f.email.trim(),
    phone: f.phone,
    roles: f.roles,
    skills: f.skills,
    home: { lat: num(f.lat), lon: num(f.lon), postcode: opt(f.postcode) },
    maxTravelKm: num(f.maxTravelKm),
    maxWeeklyHours: num(f.maxWeeklyHours),
    employment: f.employment,
    payrollId: opt(f.payrollId),
    pension:
      f.pensionMember || f.schemeRef.trim() ? { member: f.pensionMember, schemeRef: opt(f.schemeRef) } : undefined,
    registration:
      f.regBody || f.regNumber.trim()
        ? { body: f.regBody || undefined, number: f.regNumber, expires: opt(f.regExpires) }
        : undefined,
    compliance,
    notify: f.notify,
    preferredPracticeIds: f.preferredPracticeIds,
    blockedPracticeIds: f.blockedPracticeIds,
  };
}

const CHOOSE_ONE: Record<string, string> = {
  roles: 'Choose at least one role',
  notify: 'Choose at least one way to send offers',
};

/** Plain words in place of the schema's own ("Too small: expected array to have >=1 items"), the API's included. */
function friendly(key: string, message: string): string {
  const label = LABELS[key] ?? key;
  if (/received (undefined|NaN)/.test(message)) return `Enter the ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  if (/expected array to have >=1/.test(message)) return CHOOSE_ONE[key] ?? 'Choose at least one';
  const bound = /^Too (small|big): expected number to be (>=|>|<=|<)(-?[\d.]+)/.exec(message);
  if (bound) return `Must be ${bound[2]!.startsWith('>') ? 'at least' : 'at most'} ${bound[3]}`;
  if (message === 'Invalid email address') return 'Enter an email address, such as name@example.org';
  return message;
}

/**
 * One message per field, keyed by its path in the body (`home.lat`,
 * `compliance.dbsCheckedOn`), so nested fields show their own error; list
 * entries (`roles.0`) count against the list.
 */
function fieldErrors(issues: { path: (string | number)[] | string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const parts = (typeof issue.path === 'string' ? issue.path.split('.') : issue.path.map(String)).filter(
      (p) => p !== 'body',
    );
    const named = parts.filter((p) => !/^\d+$/.test(p));
    const key = named.slice(0, 2).join('.') || 'form';
    const at = key in LABELS ? key : (named[0] ?? 'form');
    if (!(at in out)) out[at] = friendly(at, issue.message);
  }
  return out;
}

function check(schema: z.ZodMiniType, body: unknown): Record<string, string> | undefined {
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  return fieldErrors(result.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })));
}

function apiErrors(err: unknown): Record<string, string> | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.code === 'VALIDATION' && Array.isArray(err.details))
    return fieldErrors(err.details as { path: string; message: string }[]);
  if (err.code === 'PHONE_IN_USE') return { phone: err.message };
  if (err.code === 'ALREADY_EXISTS') return { email: err.message };
  return undefined;
}

/** Add a clinician to the bank (`id` absent), or change one and take them out of it. */
export function AdminClinician({ id }: { id?: string }) {
  const location = useLocation();
  const clinician = useAsync(
    () => (id ? get<{ clinician: Clinician }>(`/clinicians/${id}`).then((r) => r.clinician) : Promise.resolve(null)),
    [id],
  );
  const created = location.query.get('added') === '1';
  return (
    <>
      <p class="breadcrumb">
        <a href={href('/admin/clinicians')}>← All clinicians</a>
      </p>
      {!id ? (
        <>
          <PageHeader
            title="Add a clinician"
            lead="They get a sign-in, and a text asking them to confirm their number before offers go to it."
          />
          <ClinicianForm onSaved={(c) => navigate(`/admin/clinicians/${c.id}?added=1`)} />
        </>
      ) : (
        <Loaded state={clinician} what="Clinician">
          {(c) =>
            c && (
              <>
                <PageHeader
                  title={c.name}
                  lead={<Standing clinician={c} />}
                  actions={
                    <a class="button button-secondary" href={href(`/admin/clinicians/${c.id}/documents`)}>
                      Documents
                    </a>
                  }
                />
                {created && (
                  <Notice tone="success" title={`${c.name} added to the bank`}>
                    They can sign in with {c.email}. Upload their evidence on their{' '}
                    <a href={href(`/admin/clinicians/${c.id}/documents`)}>documents page</a>.
                  </Notice>
                )}
                <div class="two-col two-col-wide">
                  <ClinicianForm key={c.id} clinician={c} onSaved={clinician.setData} />
                  <div>
                    <DocumentsCard clinicianId={c.id} />
                    <DisableClinician clinician={c} onDisabled={clinician.setData} />
                  </div>
                </div>
              </>
            )
          }
        </Loaded>
      )}
    </>
  );
}

function Standing({ clinician: c }: { clinician: Clinician }) {
  const s = complianceStatus(c.bookableUntil, londonToday());
  if (c.status === 'disabled') return <Badge tone="bad">Disabled</Badge>;
  return (
    <>
      {c.status === 'applicant' && <Badge tone="info">Applicant</Badge>} <Badge tone={s.tone}>{s.label}</Badge>
      {c.phoneVerified === false && (
        <>
          {' '}
          <Badge tone="warn">Number not confirmed</Badge>
        </>
      )}
    </>
  );
}

function ClinicianForm({ clinician, onSaved }: { clinician?: Clinician; onSaved: (c: Clinician) => void }) {
  const { practices } = useApp();
  const initial = useMemo(() => (clinician ? stateOf(clinician) : BLANK), [clinician]);
  const [form, setForm] = useState<FormState>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ tone: 'success' | 'error' | 'info'; text: string }>();
  const [busy, setBusy] = useState(false);
  const editing = Boolean(clinician);

  const set =
    <K extends keyof FormState>(k: K) =>
    (value: FormState[K]) =>
      setForm((f) => ({ ...f, [k]: value }));
  const toggle = (k: 'roles' | 'skills' | 'notify' | 'preferredPracticeIds' | 'blockedPracticeIds', v: string) =>
    setForm((f) => {
      const list = f[k] as string[];
      return { ...f, [k]: list.includes(v) ? list.filter((x) => x !== v) : [...list, v] };
    });

  const submit = async (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    const full = bodyOf(form);
    let body: Record<string, unknown> = full;
    if (clinician) {
      // Only what changed, so an edit never rewrites a field someone else changed meanwhile.
      const before = bodyOf(initial) as Record<string, unknown>;
      body = Object.fromEntries(
        Object.entries(full).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])),
      );
      if (Object.keys(body).length === 0) {
        setErrors({});
        return setStatus({ tone: 'info', text: 'Nothing has changed.' });
      }
    }
    const problems = check(clinician ? UpdateClinicianBody : CreateClinicianBody, body);
    if (problems) return setErrors(problems);
    setErrors({});
    setBusy(true);
    try {
      const r = clinician
        ? await patch<{ clinician: Clinician }>(`/clinicians/${clinician.id}`, body)
        : await post<{ clinician: Clinician }>('/clinicians', body);
      if (clinician) setStatus({ tone: 'success', text: 'Saved. Matching uses the new details from now on.' });
      onSaved(r.clinician);
    } catch (err) {
      const fields = apiErrors(err);
      if (fields) setErrors(fields);
      else setStatus({ tone: 'error', text: messageOf(err) });
    }
    setBusy(false);
  };

  const text = (
    key: string,
    k: keyof FormState,
    attrs: Record<string, string> = {},
    hint?: string,
    fieldClass?: string,
  ) => (
    <Field label={LABELS[key]!} error={errors[key]} hint={hint} class={fieldClass}>
      {(a) => (
        <input
          {...a}
          {...attrs}
          name={key}
          value={form[k] as string}
          onInput={(e) => set(k)(e.currentTarget.value as never)}
        />
      )}
    </Field>
  );

  const group = (key: string, children: preact.ComponentChildren, hint?: string) => (
    <fieldset class={`field${errors[key] ? ' field-error' : ''}`}>
      <legend>{LABELS[key]}</legend>
      {hint && <p class="hint">{hint}</p>}
      {errors[key] && (
        <p class="error-message">
          <span class="visually-hidden">Error:</span> {errors[key]}
        </p>
      )}
      {children}
    </fieldset>
  );

  const practiceChoices = (k: 'preferredPracticeIds' | 'blockedPracticeIds') =>
    practices.length === 0 ? (
      <p class="muted small">No practices yet.</p>
    ) : (
      <div class="checkbox-grid">
        {practices.map((p) => (
          <label class="checkbox" key={p.id}>
            <input type="checkbox" checked={form[k].includes(p.id)} onChange={() => toggle(k, p.id)} />
            <span>{p.name}</span>
          </label>
        ))}
      </div>
    );

  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="details-h">
      <h2 id="details-h">{editing ? 'Details' : 'Their details'}</h2>
      <ErrorSummary errors={errors} labels={LABELS} />
      {status && <Notice tone={status.tone}>{status.text}</Notice>}

      {text('name', 'name', { autoComplete: 'off' })}
      <div class="form-grid">
        {text(
          'email',
          'email',
          { type: 'email', autoComplete: 'off' },
          editing ? 'Their sign-in' : 'Becomes their sign-in',
        )}
        {text(
          'phone',
          'phone',
          { type: 'tel', autoComplete: 'off' },
          'Offers are texted here, for example 07700 900123',
        )}
      </div>

      {group(
        'roles',
        <div class="checkbox-grid">
          {Object.entries(ROLE_LABELS).map(([v, l]) => (
            <label class="checkbox" key={v}>
              <input
                type="checkbox"
                name="roles"
                checked={form.roles.includes(v)}
                onChange={() => toggle('roles', v)}
              />
              <span>{l}</span>
            </label>
          ))}
        </div>,
        'Shifts are offered for these roles only',
      )}
      {group(
        'skills',
        <div class="checkbox-grid">
          {[...new Set([...SKILLS, ...form.skills])].map((s) => (
            <label class="checkbox" key={s}>
              <input type="checkbox" checked={form.skills.includes(s)} onChange={() => toggle('skills', s)} />
              <span>{skillLabel(s)}</span>
            </label>
          ))}
        </div>,
      )}

      <h3>Travel</h3>
      {errors.home && <Notice tone="error">{errors.home}</Notice>}
      <div class="form-grid">
        {text('home.postcode', 'postcode', { autoComplete: 'off' })}
        <Field label={LABELS.maxTravelKm!} hint="Kilometres from home, 1 to 100" error={errors.maxTravelKm}>
          {(a) => (
            <div class="input-suffix">
              <input
                {...a}
                name="maxTravelKm"
                inputMode="decimal"
                value={form.maxTravelKm}
                onInput={(e) => set('maxTravelKm')(e.currentTarget.value)}
              />
              <span aria-hidden="true">km</span>
            </div>
          )}
        </Field>
        {text('home.lat', 'lat', { inputMode: 'decimal' }, 'For example 50.9421')}
        {text('home.lon', 'lon', { inputMode: 'decimal' }, 'For example -2.6336')}
      </div>
      {practices.length > 0 && (
        <Field label="Or start from a practice’s location" hint="Fills in the latitude and longitude">
          {(a) => (
            <select
              {...a}
              value=""
              onChange={(e) => {
                const p = practices.find((x) => x.id === e.currentTarget.value);
                if (p)
                  setForm((f) => ({
                    ...f,
                    lat: String(p.lat),
                    lon: String(p.lon),
                    postcode: f.postcode || (p.postcode ?? ''),
                  }));
              }}
            >
              <option value="">Choose a practice</option>
              {practices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}

      <h3>Work and pay</h3>
      {group(
        'employment',
        EMPLOYMENTS.map(([v, l, hint]) => (
          <label class="checkbox" key={v}>
            <input
              type="radio"
              name="employment"
              value={v}
              checked={form.employment === v}
              onChange={() => set('employment')(v)}
            />
            <span>
              {l} <span class="muted small">· {hint}</span>
            </span>
          </label>
        )),
      )}
      <div class="form-grid">
        {text('payrollId', 'payrollId', { autoComplete: 'off' })}
        {text('maxWeeklyHours', 'maxWeeklyHours', { inputMode: 'numeric' }, 'Offers that would go over are not made')}
      </div>
      {group(
        'pension',
        <>
          <label class="checkbox">
            <input
              type="checkbox"
              name="pensionMember"
              checked={form.pensionMember}
              onChange={(e) => set('pensionMember')(e.currentTarget.checked)}
            />
            <span>A member of the NHS Pension Scheme</span>
          </label>
          {form.pensionMember &&
            text('pension.schemeRef', 'schemeRef', { autoComplete: 'off' }, 'A locum GP’s SD number, e.g. SD123456')}
        </>,
      )}

      <h3>Registration and checks</h3>
      <div class="form-grid form-grid-3">
        <Field label={LABELS['registration.body']!} error={errors['registration.body']}>
          {(a) => (
            <select
              {...a}
              name="registration.body"
              value={form.regBody}
              onChange={(e) => set('regBody')(e.currentTarget.value)}
            >
              <option value="">None</option>
              {REGISTRATION_BODIES.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('registration.number', 'regNumber', { autoComplete: 'off' })}
        {text('registration.expires', 'regExpires', { type: 'date' })}
      </div>
      {errors.registration && <Notice tone="error">{errors.registration}</Notice>}
      <div class="form-grid">
        {text('compliance.dbsCheckedOn', 'dbsCheckedOn', { type: 'date' }, 'Valid for three years')}
        {text('compliance.trainingExpires', 'trainingExpires', { type: 'date' })}
        {text(
          'compliance.indemnityExpires',
          'indemnityExpires',
          { type: 'date' },
          'Leave empty when NHS work is covered by the state scheme',
        )}
        {text('compliance.rightToWorkExpires', 'rightToWorkExpires', { type: 'date' }, 'Only for a time-limited visa')}
      </div>
      {group(
        'compliance.rightToWork',
        <label class="checkbox">
          <input
            type="checkbox"
            name="rightToWork"
            checked={form.rightToWork}
            onChange={(e) => set('rightToWork')(e.currentTarget.checked)}
          />
          <span>Right to work in the UK checked</span>
        </label>,
      )}
      {errors.compliance && <Notice tone="error">{errors.compliance}</Notice>}

      <h3>Offers</h3>
      <p class="hint">When they can work and their time off are theirs to set, on their own profile.</p>
      {group(
        'notify',
        <>
          <label class="checkbox">
            <input
              type="checkbox"
              name="notify-sms"
              checked={form.notify.includes('sms')}
              onChange={() => toggle('notify', 'sms')}
            />
            <span>By text message</span>
          </label>
          <label class="checkbox">
            <input
              type="checkbox"
              name="notify-email"
              checked={form.notify.includes('email')}
              onChange={() => toggle('notify', 'email')}
            />
            <span>By email</span>
          </label>
        </>,
      )}
      <details class="field">
        <summary>
          Practices they prefer or are blocked from ({form.preferredPracticeIds.length} preferred,{' '}
          {form.blockedPracticeIds.length} blocked)
        </summary>
        {group(
          'preferredPracticeIds',
          practiceChoices('preferredPracticeIds'),
          'Offered these practices’ shifts first',
        )}
        {group('blockedPracticeIds', practiceChoices('blockedPracticeIds'), 'Never offered these practices’ shifts')}
      </details>

      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save changes' : 'Add clinician'}
        </button>
        {!editing && (
          <a class="button button-secondary" href={href('/admin/clinicians')}>
            Cancel
          </a>
        )}
      </div>
    </form>
  );
}

/** How their evidence stands, and the way to it. */
function DocumentsCard({ clinicianId }: { clinicianId: string }) {
  const docs = useAsync(
    () => getAll<{ status: string; uploaded: boolean }>(`/clinicians/${clinicianId}/documents`, 'documents'),
    [clinicianId],
  );
  return (
    <section class="card" aria-labelledby="docs-h">
      <h2 id="docs-h">Documents</h2>
      <Loaded state={docs} what="Documents">
        {(list) => {
          const toReview = list.filter((d) => d.status === 'pending' && d.uploaded).length;
          const verified = list.filter((d) => d.status === 'verified').length;
          return (
            <p>
              {list.length === 0
                ? 'None on file yet.'
                : `${verified} verified${toReview ? `, ${toReview} waiting for review` : ''}, ${list.length} in all.`}
            </p>
          );
        }}
      </Loaded>
      <a class="button button-secondary" href={href(`/admin/clinicians/${clinicianId}/documents`)}>
        Upload or review documents
      </a>
    </section>
  );
}

/** Takes a clinician out of the bank, once the admin has said why and confirmed. */
function DisableClinician({ clinician, onDisabled }: { clinician: Clinician; onDisabled: (c: Clinician) => void }) {
  const { practiceName } = useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [left, setLeft] = useState<Booking[]>();

  if (clinician.status === 'disabled')
    return (
      <section class="card" aria-labelledby="disable-h">
        <h2 id="disable-h">Left the bank</h2>
        <p>
          Disabled{clinician.disabledAt ? ` on ${dateLabel(clinician.disabledAt.slice(0, 10))}` : ''}
          {clinician.disabledReason ? `: ${clinician.disabledReason}` : ''}. They are never offered shifts and cannot
          sign in.
        </p>
        {left && (
          <>
            <h3>Bookings to re-offer</h3>
            {left.length === 0 ? (
              <p class="muted">They had no bookings to come.</p>
            ) : (
              <ul>
                {left.map((b) => (
                  <li key={b.id}>
                    <a href={href(`/manager/shifts/${b.shiftId}`)}>
                      {dateLabel(b.shift?.localStart ?? b.start.slice(0, 10))} at {practiceName(b.practiceId)}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setError('Say why they are leaving the bank');
    setBusy(true);
    setError(undefined);
    try {
      const r = await post<{ clinician: Clinician; bookings: Booking[] }>(`/clinicians/${clinician.id}/disable`, {
        reason: reason.trim(),
      });
      setLeft(r.bookings);
      onDisabled(r.clinician);
    } catch (err) {
      setError(messageOf(err));
    }
    setBusy(false);
  };

  return (
    <section class="card" aria-labelledby="disable-h">
      <h2 id="disable-h">Take out of the bank</h2>
      {!open ? (
        <>
          <p>
            Their live offers are withdrawn and they can no longer sign in. Their bookings stay for you to re-offer.
          </p>
          <button type="button" class="button button-warning" onClick={() => setOpen(true)}>
            Disable {clinician.name}…
          </button>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <Notice tone="warning" title={`Disable ${clinician.name}?`}>
            They stop getting offers at once and their sign-in stops working. This cannot be undone here.
          </Notice>
          <Field label="Reason" hint="Kept on their record" error={error}>
            {(a) => (
              <input
                {...a}
                name="reason"
                value={reason}
                maxLength={500}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            )}
          </Field>
          <div class="form-actions">
            <button type="submit" class="button button-warning" disabled={busy}>
              {busy ? 'Disabling…' : 'Disable clinician'}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setOpen(false)}>
              Keep them
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
