import { useState } from 'preact/hooks';
import { AcceptInviteBody } from '../../../lib/schemas/invites';
import { ApiError, get, post } from '../api';
import { useApp } from '../app';
import { instantLabel, roleLabel } from '../format';
import { validate } from '../forms';
import { navigate } from '../router';
import { ErrorSummary, Field, Loaded, messageOf, Notice, PageHeader, useAsync } from '../ui';

interface InviteView {
  email: string;
  phone?: string;
  roles: string[];
  organisationName: string;
  expiresAt: string;
}

const LABELS: Record<string, string> = {
  name: 'Your full name',
  phone: 'Mobile number',
  home: 'Where you live',
  lat: 'Latitude',
  lon: 'Longitude',
  postcode: 'Postcode',
  maxTravelKm: 'How far will you travel?',
  password: 'Choose a password',
};

/** The invitation link: who invited them, then the form that makes them an applicant, then signed in. */
export function Join({ token }: { token: string }) {
  const invite = useAsync(
    () =>
      get<{ invite: InviteView }>(`/invites/${encodeURIComponent(token)}`).then(
        (r) => r.invite,
        (e: unknown) => {
          if (e instanceof ApiError && e.status === 404) return null;
          throw e;
        },
      ),
    [token],
  );
  return (
    <Loaded state={invite} what="Your invitation">
      {(i) =>
        i ? (
          <JoinForm token={token} invite={i} />
        ) : (
          <>
            <PageHeader title="This invitation link does not work" />
            <Notice tone="warning" title="The link may have been used already, or have expired">
              Each link works once, for 7 days. If you have already joined, <a href="#/sign-in">sign in</a>. Otherwise
              ask the bank office to send you a new invitation.
            </Notice>
          </>
        )
      }
    </Loaded>
  );
}

function JoinForm({ token, invite }: { token: string; invite: InviteView }) {
  const app = useApp();
  const cognito = app.config.auth.kind === 'cognito';
  const [form, setForm] = useState({
    name: '',
    phone: invite.phone ?? '',
    postcode: '',
    lat: '',
    lon: '',
    maxTravelKm: '20',
    password: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [locating, setLocating] = useState(false);
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.currentTarget.value }));
  const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

  const locate = () => {
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setForm((f) => ({ ...f, lat: p.coords.latitude.toFixed(4), lon: p.coords.longitude.toFixed(4) }));
        setLocating(false);
      },
      () => {
        setErrors((e) => ({ ...e, home: 'Your location is not available: type the latitude and longitude instead' }));
        setLocating(false);
      },
    );
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(undefined);
    const body = {
      name: form.name,
      phone: form.phone,
      home: { lat: num(form.lat), lon: num(form.lon), ...(form.postcode.trim() ? { postcode: form.postcode } : {}) },
      maxTravelKm: num(form.maxTravelKm),
      ...(cognito ? { password: form.password } : {}),
    };
    const checked = validate(AcceptInviteBody, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      await post(`/invites/${encodeURIComponent(token)}/accept`, body);
      // Signed in at once: locally as the demo sign-in does; in AWS through Cognito with the password just chosen.
      const session = await app.strategy.signIn({ email: invite.email });
      app.signIn(session);
      navigate('/clinician/documents');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
      else if (err instanceof ApiError && err.status === 404)
        setFailure('This link no longer works: it was used or has expired. Ask the bank office for a new one.');
      else setFailure(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title={`Join ${invite.organisationName}'s staff bank`}
        lead={`You are invited as ${invite.roles.map(roleLabel).join(', ')}. Tell us about yourself; next you upload your documents, and the bank office approves you once they are checked.`}
      />
      <form class="form card narrow" onSubmit={submit} noValidate aria-labelledby="join-h">
        <h2 id="join-h">Your details</h2>
        <p class="muted small">
          You will sign in as <strong class="break">{invite.email}</strong>. This link works until{' '}
          {instantLabel(invite.expiresAt)}.
        </p>
        <ErrorSummary errors={errors} labels={LABELS} />
        {failure && <Notice tone="error">{failure}</Notice>}
        <Field label={LABELS.name!} error={errors.name}>
          {(a) => <input {...a} name="name" autoComplete="name" value={form.name} onInput={set('name')} />}
        </Field>
        <Field
          label={LABELS.phone!}
          hint="We text you to confirm it (reply YES), then send offers"
          error={errors.phone}
        >
          {(a) => <input {...a} name="phone" type="tel" autoComplete="tel" value={form.phone} onInput={set('phone')} />}
        </Field>
        <fieldset class={`field${errors.home ? ' field-error' : ''}`}>
          <legend>{LABELS.home}</legend>
          <p class="hint">Offers are for practices within your travel distance of home.</p>
          {errors.home && <p class="error-message">{errors.home}</p>}
          <Field label={LABELS.postcode!}>
            {(a) => (
              <input
                {...a}
                name="postcode"
                autoComplete="postal-code"
                value={form.postcode}
                onInput={set('postcode')}
              />
            )}
          </Field>
          <div class="form-row">
            <Field label={LABELS.lat!} hint="For example 50.9421">
              {(a) => <input {...a} name="lat" inputMode="decimal" value={form.lat} onInput={set('lat')} />}
            </Field>
            <Field label={LABELS.lon!} hint="For example -2.6336">
              {(a) => <input {...a} name="lon" inputMode="decimal" value={form.lon} onInput={set('lon')} />}
            </Field>
          </div>
          <button type="button" class="button button-secondary button-small" disabled={locating} onClick={locate}>
            {locating ? 'Finding you…' : 'Use my current location'}
          </button>
        </fieldset>
        <Field label={LABELS.maxTravelKm!} hint="Kilometres from home, 1 to 100" error={errors.maxTravelKm}>
          {(a) => (
            <div class="input-suffix">
              <input
                {...a}
                name="maxTravelKm"
                type="number"
                min="1"
                max="100"
                inputMode="numeric"
                value={form.maxTravelKm}
                onInput={set('maxTravelKm')}
              />
              <span aria-hidden="true">km</span>
            </div>
          )}
        </Field>
        {cognito && (
          <Field
            label={LABELS.password!}
            hint="At least 12 characters, with upper and lower case letters, a digit and a symbol"
            error={errors.password}
          >
            {(a) => (
              <input
                {...a}
                name="password"
                type="password"
                autoComplete="new-password"
                value={form.password}
                onInput={set('password')}
              />
            )}
          </Field>
        )}
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Joining…' : 'Join and sign in'}
        </button>
      </form>
    </>
  );
}
