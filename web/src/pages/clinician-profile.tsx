import { useState } from 'preact/hooks';
import { UpdateClinicianBody } from '../../../lib/schemas/clinician';
import { ApiError, download, get, isNotAvailable, patch, post } from '../api';
import { useMe } from '../app';
import { complianceStatus, dateLabel, londonToday, roleLabel, skillLabel } from '../format';
import { validate } from '../forms';
import type { AvailabilityWindow, Clinician } from '../records';
import { Badge, ErrorSummary, Field, Loaded, messageOf, Notice, PageHeader, useAsync } from '../ui';

const DAYS: [AvailabilityWindow['day'], string][] = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

const LABELS: Record<string, string> = {
  phone: 'Mobile number',
  maxTravelKm: 'How far will you travel?',
  notify: 'How we contact you',
  availability: 'When you can work',
};

/** The clinician's own record: contact, travel, availability, and their calendar. */
export function ClinicianProfile() {
  const me = useMe();
  const id = me.clinicianId ?? '';
  const clinician = useAsync(() => get<{ clinician: Clinician }>(`/clinicians/${id}`).then((r) => r.clinician), [id]);
  return (
    <>
      <PageHeader title="My profile" lead="Tell us when and where you can work, and how to reach you." />
      <Loaded state={clinician} what="Your profile">
        {(c) => <ProfileForm clinician={c} onSaved={clinician.setData} />}
      </Loaded>
    </>
  );
}

interface DayState {
  on: boolean;
  from: string;
  to: string;
}

function ProfileForm({ clinician, onSaved }: { clinician: Clinician; onSaved: (c: Clinician) => void }) {
  const [phone, setPhone] = useState(clinician.phone);
  const [travel, setTravel] = useState(String(clinician.maxTravelKm));
  const [notify, setNotify] = useState(clinician.notify);
  const [anyTime, setAnyTime] = useState(!clinician.availability);
  const [days, setDays] = useState<Record<string, DayState>>(() =>
    Object.fromEntries(
      DAYS.map(([d]) => {
        const w = clinician.availability?.find((a) => a.day === d);
        return [d, { on: Boolean(w), from: w?.from ?? '08:00', to: w?.to ?? '18:30' }];
      }),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);
  const today = londonToday();
  const compliance = complianceStatus(clinician.bookableUntil, today);

  const setDay = (d: string, change: Partial<DayState>) => setDays((s) => ({ ...s, [d]: { ...s[d]!, ...change } }));
  const toggleNotify = (channel: 'sms' | 'email') =>
    setNotify((n) => (n.includes(channel) ? n.filter((c) => c !== channel) : [...n, channel]));

  const save = async (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    const availability = anyTime
      ? null
      : DAYS.filter(([d]) => days[d]!.on).map(([d]) => ({ day: d, from: days[d]!.from, to: days[d]!.to }));
    const body = { phone, maxTravelKm: travel.trim() === '' ? Number.NaN : Number(travel), notify, availability };
    const checked = validate(UpdateClinicianBody, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      const r = await patch<{ clinician: Clinician }>(`/clinicians/${clinician.id}`, body);
      onSaved(r.clinician);
      setStatus({ tone: 'success', text: 'Saved. New offers will follow these settings.' });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
      else setStatus({ tone: 'error', text: messageOf(err) });
    }
    setBusy(false);
  };

  return (
    <div class="two-col two-col-wide">
      <form class="form card" onSubmit={save} noValidate aria-labelledby="prefs-h">
        <h2 id="prefs-h">Work preferences</h2>
        <ErrorSummary errors={errors} labels={LABELS} />
        {status && <Notice tone={status.tone}>{status.text}</Notice>}
        <Field
          label={LABELS.maxTravelKm!}
          hint={`Kilometres from home${clinician.home?.postcode ? ` (${clinician.home.postcode})` : ''}, 1 to 100`}
          error={errors.maxTravelKm}
        >
          {(a) => (
            <div class="input-suffix">
              <input
                {...a}
                name="maxTravelKm"
                type="number"
                min="1"
                max="100"
                inputMode="numeric"
                value={travel}
                onInput={(e) => setTravel(e.currentTarget.value)}
              />
              <span aria-hidden="true">km</span>
            </div>
          )}
        </Field>
        <fieldset class={`field${errors.availability ? ' field-error' : ''}`}>
          <legend>{LABELS.availability}</legend>
          {errors.availability && <p class="error-message">{errors.availability}</p>}
          <label class="checkbox">
            <input type="checkbox" checked={anyTime} onChange={(e) => setAnyTime(e.currentTarget.checked)} />
            <span>Offer me shifts at any time</span>
          </label>
          {!anyTime && (
            <div class="availability">
              {DAYS.map(([d, label]) => (
                <div class="availability-row" key={d}>
                  <label class="checkbox">
                    <input
                      type="checkbox"
                      checked={days[d]!.on}
                      onChange={(e) => setDay(d, { on: e.currentTarget.checked })}
                    />
                    <span>{label}</span>
                  </label>
                  <label class="time-label">
                    <span class="visually-hidden">{label} from</span>
                    <input
                      type="time"
                      value={days[d]!.from}
                      disabled={!days[d]!.on}
                      onInput={(e) => setDay(d, { from: e.currentTarget.value })}
                    />
                  </label>
                  <span aria-hidden="true">to</span>
                  <label class="time-label">
                    <span class="visually-hidden">{label} until</span>
                    <input
                      type="time"
                      value={days[d]!.to}
                      disabled={!days[d]!.on}
                      onInput={(e) => setDay(d, { to: e.currentTarget.value })}
                    />
                  </label>
                </div>
              ))}
            </div>
          )}
        </fieldset>
        <Field label={LABELS.phone!} hint="We text offers to this number" error={errors.phone}>
          {(a) => (
            <input
              {...a}
              name="phone"
              type="tel"
              autoComplete="tel"
              value={phone}
              onInput={(e) => setPhone(e.currentTarget.value)}
            />
          )}
        </Field>
        <fieldset class={`field${errors.notify ? ' field-error' : ''}`}>
          <legend>{LABELS.notify}</legend>
          <p class="hint">Text messages let you book by replying YES and the code.</p>
          {errors.notify && <p class="error-message">{errors.notify}</p>}
          <label class="checkbox">
            <input
              type="checkbox"
              name="notify-sms"
              checked={notify.includes('sms')}
              onChange={() => toggleNotify('sms')}
            />
            <span>Text messages</span>
          </label>
          <label class="checkbox">
            <input
              type="checkbox"
              name="notify-email"
              checked={notify.includes('email')}
              onChange={() => toggleNotify('email')}
            />
            <span>Email ({clinician.email})</span>
          </label>
        </fieldset>
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </form>
      <div class="stack">
        <section class="card" aria-labelledby="about-h">
          <h2 id="about-h">{clinician.name}</h2>
          <dl class="details">
            <dt>Roles</dt>
            <dd>{clinician.roles.map(roleLabel).join(', ')}</dd>
            <dt>Skills</dt>
            <dd>{clinician.skills.map(skillLabel).join(', ') || '–'}</dd>
            <dt>Compliance</dt>
            <dd>
              <Badge tone={compliance.tone}>{compliance.label}</Badge>
              {clinician.bookableUntil?.startsWith('0000') && <> · a check is missing</>}
              {clinician.bookableUntil && !clinician.bookableUntil.startsWith('0000') && (
                <> · bookable until {dateLabel(clinician.bookableUntil)}</>
              )}
            </dd>
          </dl>
          <p class="muted small">To change your roles, skills or checks, contact the bank team.</p>
        </section>
        <CalendarCard clinicianId={clinician.id} />
      </div>
    </div>
  );
}

interface CalendarFeed {
  url: string;
  webcalUrl: string;
  createdAt: string;
}

function CalendarCard({ clinicianId }: { clinicianId: string }) {
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const path = `/clinicians/${clinicianId}/calendar.ics`;
  const feedPath = `/clinicians/${clinicianId}/calendar-feed`;
  const feed = useAsync(() => get<{ feed: CalendarFeed | null }>(feedPath).then((r) => r.feed), [feedPath]);

  const issue = async () => {
    setBusy(true);
    setError(undefined);
    setCopied(false);
    try {
      feed.setData((await post<{ feed: CalendarFeed }>(feedPath)).feed);
    } catch (e) {
      setError(messageOf(e));
    }
    setBusy(false);
  };
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setError('Could not copy: select the address and copy it yourself.');
    }
  };

  return (
    <section class="card" aria-labelledby="cal-h">
      <h2 id="cal-h">Your calendar</h2>
      <p>Subscribe from Outlook, Google or Apple Calendar and your confirmed bookings appear there, kept up to date.</p>
      <Loaded state={feed} what="Calendar address">
        {(f) =>
          f ? (
            <>
              <p class="small">
                <span class="muted">Subscription address: </span>
                <code class="break">{f.url}</code>
              </p>
              <p class="muted small">
                Anyone with this address can see your bookings. Keep it to yourself; if it gets out, replace it.
              </p>
              <div class="form-actions">
                <button type="button" class="button" onClick={() => copy(f.url)}>
                  Copy address
                </button>
                <a class="button button-secondary" href={f.webcalUrl}>
                  Subscribe in your calendar app
                </a>
                <button type="button" class="button button-secondary" disabled={busy} onClick={issue}>
                  Replace address
                </button>
              </div>
              {copied && (
                <Notice tone="success">Copied. Paste it where your calendar app adds a calendar by URL.</Notice>
              )}
            </>
          ) : (
            <button type="button" class="button" disabled={busy} onClick={issue}>
              Get a subscription address
            </button>
          )
        }
      </Loaded>
      <p>
        <button
          type="button"
          class="button button-secondary"
          onClick={() =>
            download(path, 'rota-bank.ics', 'text/calendar').catch((e) =>
              setError(isNotAvailable(e) ? 'The calendar is not available yet.' : messageOf(e)),
            )
          }
        >
          Download calendar (.ics)
        </button>
      </p>
      {error && <Notice tone="error">{error}</Notice>}
    </section>
  );
}
