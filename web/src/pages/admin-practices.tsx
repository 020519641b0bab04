import { useEffect, useRef, useState } from 'preact/hooks';
import { CreatePracticeBody } from '../../../lib/schemas/practice';
import { ApiError, api, post } from '../api';
import { type Practice, useApp } from '../app';
import { DOCUMENT_LABELS, documentLabel } from '../format';
import { validate } from '../forms';
import { Empty, ErrorSummary, Field, messageOf, Notice, PageHeader } from '../ui';

const LABELS: Record<string, string> = {
  name: 'Name',
  odsCode: 'ODS code',
  pcn: 'Primary care network',
  address: 'Address',
  postcode: 'Postcode',
  lat: 'Latitude',
  lon: 'Longitude',
  costCentre: 'Cost centre',
  email: 'Rota inbox email',
};

const EMPTY = {
  name: '',
  odsCode: '',
  pcn: '',
  address: '',
  postcode: '',
  lat: '',
  lon: '',
  costCentre: '',
  email: '',
};

/** The organisation's practices (sites), and adding one. */
export function AdminPractices() {
  const { practices, reloadPractices } = useApp();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string>();
  const editingPractice = practices.find((p) => p.id === editing);
  const set = (k: keyof typeof EMPTY) => (e: { currentTarget: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.currentTarget.value }));

  const submit = async (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    const opt = (s: string) => s.trim() || undefined;
    const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
    const body = {
      name: form.name,
      odsCode: form.odsCode,
      pcn: opt(form.pcn),
      address: opt(form.address),
      postcode: opt(form.postcode),
      lat: num(form.lat),
      lon: num(form.lon),
      costCentre: opt(form.costCentre),
      email: opt(form.email),
    };
    const checked = validate(CreatePracticeBody, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      await post('/practices', body);
      setForm(EMPTY);
      setAdding(false);
      setStatus({ tone: 'success', text: `${body.name} added.` });
      reloadPractices();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
      else setStatus({ tone: 'error', text: messageOf(err) });
    }
    setBusy(false);
  };

  const input = (k: keyof typeof EMPTY, attrs: Record<string, string> = {}, hint?: string) => (
    <Field label={LABELS[k]!} error={errors[k]} hint={hint}>
      {(a) => <input {...a} {...attrs} name={k} value={form[k]} onInput={set(k)} />}
    </Field>
  );

  return (
    <>
      <PageHeader
        title="Practices"
        lead="Each site where shifts are worked. Travel distances are measured to it."
        actions={
          !adding && (
            <button
              type="button"
              class="button"
              onClick={() => {
                setEditing(undefined);
                setAdding(true);
              }}
            >
              Add a practice
            </button>
          )
        }
      />
      {status?.tone === 'success' && !adding && !editing && <Notice tone="success">{status.text}</Notice>}
      <div class={adding || editingPractice ? 'two-col two-col-wide' : ''}>
        {editingPractice && !adding && (
          <RequirementsForm
            key={editingPractice.id}
            practice={editingPractice}
            onClose={() => setEditing(undefined)}
            onSaved={(text) => {
              setEditing(undefined);
              setStatus({ tone: 'success', text });
              reloadPractices();
            }}
          />
        )}
        {adding && (
          <form class="card form form-first" onSubmit={submit} noValidate aria-labelledby="add-h">
            <h2 id="add-h">Add a practice</h2>
            <ErrorSummary errors={errors} labels={LABELS} />
            {status?.tone === 'error' && <Notice tone="error">{status.text}</Notice>}
            {input('name')}
            {input('odsCode', {}, 'For example L85001')}
            {input('pcn')}
            {input('address')}
            <div class="form-grid">
              {input('postcode', { autoComplete: 'postal-code' })}
              {input('costCentre')}
              {input('lat', { inputMode: 'decimal' }, 'For example 50.9421')}
              {input('lon', { inputMode: 'decimal' }, 'For example -2.6336')}
            </div>
            {input('email', { type: 'email' }, 'Told of bookings and cancellations')}
            <div class="form-actions">
              <button type="submit" class="button" disabled={busy}>
                {busy ? 'Adding…' : 'Add practice'}
              </button>
              <button type="button" class="button button-secondary" onClick={() => setAdding(false)}>
                Close
              </button>
            </div>
          </form>
        )}
        <section class="card" aria-labelledby="list-h">
          <h2 id="list-h">
            {practices.length} practice{practices.length === 1 ? '' : 's'}
          </h2>
          {practices.length === 0 ? (
            <Empty>No practices yet.</Empty>
          ) : (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Practice</th>
                  <th scope="col">ODS</th>
                  <th scope="col">PCN</th>
                  <th scope="col">Cost centre</th>
                  <th scope="col">Extra documents</th>
                </tr>
              </thead>
              <tbody>
                {practices.map((p) => (
                  <tr key={p.id}>
                    <td data-label="Practice">
                      <div>
                        <strong>{p.name}</strong>
                        {p.email && <span class="cell-sub">{p.email}</span>}
                      </div>
                    </td>
                    <td data-label="ODS">{p.odsCode}</td>
                    <td data-label="PCN">{p.pcn ?? '–'}</td>
                    <td data-label="Cost centre">{p.costCentre ?? '–'}</td>
                    <td data-label="Extra documents">
                      <div class="cell-actions">
                        <span data-testid="practice-requirements">
                          {p.requirements?.length ? p.requirements.map(documentLabel).join(', ') : 'None'}
                        </span>
                        <button
                          type="button"
                          class="button button-secondary button-small"
                          aria-label={`Edit the documents ${p.name} requires`}
                          onClick={() => {
                            setAdding(false);
                            setStatus(undefined);
                            setEditing(p.id);
                          }}
                        >
                          Edit
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}

/**
 * A practice's own extra documents (PUT /practices/{id}/requirements): asked
 * of everyone who works there, on top of what their roles require, so a
 * clinician without them is not offered this practice's shifts.
 */
function RequirementsForm(props: { practice: Practice; onClose: () => void; onSaved: (text: string) => void }) {
  const { practice } = props;
  const [types, setTypes] = useState<string[]>(practice.requirements ?? []);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // Opened from a row far down the list: on a phone the form sits above it, out of sight.
  useEffect(() => form.current?.scrollIntoView({ block: 'start' }), []);
  const toggle = (t: string) => setTypes((now) => (now.includes(t) ? now.filter((x) => x !== t) : [...now, t]));

  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      // In the order of the list, so the practice reads the same however they were ticked.
      const ordered = Object.keys(DOCUMENT_LABELS).filter((t) => types.includes(t));
      await api('PUT', `/practices/${practice.id}/requirements`, { types: ordered });
      props.onSaved(
        ordered.length
          ? `${practice.name} now requires ${ordered.map(documentLabel).join(', ')} of everyone working there.`
          : `${practice.name} requires nothing beyond each clinician's own documents.`,
      );
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <form ref={form} class="card form form-first" onSubmit={save} noValidate aria-labelledby="req-h">
      <h2 id="req-h">Documents {practice.name} requires</h2>
      <p class="muted">
        Asked of everyone who works here, on top of what their roles require. Clinicians without a verified, current
        copy are not offered this practice's shifts, and their checklist shows what is missing.
      </p>
      {error && <Notice tone="error">{error}</Notice>}
      <fieldset class="field">
        <legend>Extra documents</legend>
        <div class="checkbox-grid">
          {Object.entries(DOCUMENT_LABELS).map(([type, label]) => (
            <label class="checkbox" key={type}>
              <input
                type="checkbox"
                name={`type-${type}`}
                checked={types.includes(type)}
                onChange={() => toggle(type)}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Saving…' : 'Save requirements'}
        </button>
        <button type="button" class="button button-secondary" onClick={props.onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
