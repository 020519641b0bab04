import { useState } from 'preact/hooks';
import { CreateShiftBody } from '../../../lib/schemas/shift';
import { ApiError, post } from '../api';
import { useMe } from '../app';
import { addDays, instantLabel, londonToday, ROLE_LABELS, SKILLS, skillLabel } from '../format';
import { numberOrUndefined, poundsToPence, validate } from '../forms';
import type { Shift } from '../records';
import { href, navigate, useLocation } from '../router';
import { ErrorSummary, Field, messageOf, Notice, PageHeader } from '../ui';
import { usePracticeChoices } from './manager-board';

const LABELS: Record<string, string> = {
  practiceId: 'Practice',
  role: 'Role',
  skills: 'Skills needed',
  start: 'Starts',
  end: 'Ends',
  breakMinutes: 'Unpaid break',
  hourlyRatePence: 'Hourly rate',
  notes: 'Notes for the clinician',
  cascadeMinutes: 'Who hears first',
};

interface CascadePreview {
  waves: { wave: number; at: string; clinicians: { clinicianId: string; name: string; preferred: boolean }[] }[];
  excluded: number;
  unreached: number;
}

const RATE_HINTS: Record<string, string> = {
  gp: 'Bank GPs are usually paid £80 to £100 an hour',
  anp: 'Usually £45 to £60 an hour',
  'practice-nurse': 'Usually £25 to £35 an hour',
  hca: 'Usually £13 to £17 an hour',
  paramedic: 'Usually £35 to £45 an hour',
  pharmacist: 'Usually £40 to £55 an hour',
  'msk-practitioner': 'Usually £40 to £50 an hour',
  'health-coach': 'Usually £14 to £18 an hour',
  phlebotomist: 'Usually £12 to £15 an hour',
};

/** Posting a gap in the rota, checked with the API's own schema before it is sent. */
export function ManagerPostShift() {
  const me = useMe();
  const choices = usePracticeChoices();
  // The rota links a gap here with its practice and day.
  const { query } = useLocation();
  const asked = query.get('date') ?? '';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : addDays(londonToday(), 1);
  const askedPractice = query.get('practice') ?? '';
  const [form, setForm] = useState({
    practiceId: choices.some((p) => p.id === askedPractice)
      ? askedPractice
      : me.practiceIds.length === 1
        ? me.practiceIds[0]!
        : askedPractice,
    role: 'gp',
    skills: [] as string[],
    start: `${day}T08:30`,
    end: `${day}T18:30`,
    breakMinutes: '60',
    rate: '90.00',
    notes: '',
    cascadeMinutes: '30',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.currentTarget.value }));
  const toggleSkill = (skill: string) =>
    setForm((f) => ({
      ...f,
      skills: f.skills.includes(skill) ? f.skills.filter((s) => s !== skill) : [...f.skills, skill],
    }));

  const [preview, setPreview] = useState<CascadePreview>();
  const [previewing, setPreviewing] = useState(false);
  const bodyOf = () => ({
    practiceId: form.practiceId,
    role: form.role,
    skills: form.skills,
    start: form.start,
    end: form.end,
    breakMinutes: numberOrUndefined(form.breakMinutes),
    hourlyRatePence: poundsToPence(form.rate),
    notes: form.notes.trim() || undefined,
    cascadeMinutes: numberOrUndefined(form.cascadeMinutes),
  });
  /** The body if the API's schema accepts it; otherwise the field errors are shown and nothing is sent. */
  const checkedBody = () => {
    const body = bodyOf();
    const checked = validate(CreateShiftBody, body);
    if (!checked.ok) {
      if (!form.practiceId) checked.errors.practiceId = 'Choose the practice';
      setErrors(checked.errors);
      return undefined;
    }
    setErrors({});
    return body;
  };

  /** Who would be offered it, wave by wave, before anything is posted. */
  const showPreview = async () => {
    setFailure(undefined);
    const body = checkedBody();
    if (!body) return;
    setPreviewing(true);
    try {
      setPreview(await post<CascadePreview>('/shifts/preview', body));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
      else setFailure(messageOf(err));
    }
    setPreviewing(false);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(undefined);
    const body = checkedBody();
    if (!body) return;
    setBusy(true);
    try {
      // The wall-clock times go as typed: the API reads them as London time.
      const reply = await post<{ shift: Shift; offers: unknown[] }>('/shifts', body);
      navigate(`/manager/shifts/${reply.shift.id}?posted=${reply.offers?.length ?? 0}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
      else setFailure(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Post a shift"
        lead="Describe the gap in your rota. Eligible bank clinicians are offered it by text and in the app; the first to accept is booked."
      />
      <ErrorSummary errors={errors} labels={LABELS} />
      {failure && (
        <Notice tone="error" title="The shift was not posted">
          {failure}
        </Notice>
      )}
      <form class="form card" onSubmit={submit} noValidate>
        <div class="form-grid">
          <Field label={LABELS.practiceId!} error={errors.practiceId}>
            {(a) => (
              <select {...a} name="practiceId" value={form.practiceId} onChange={set('practiceId')} required>
                <option value="">Choose a practice</option>
                {choices.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={LABELS.role!} error={errors.role}>
            {(a) => (
              <select {...a} name="role" value={form.role} onChange={set('role')}>
                {Object.entries(ROLE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={LABELS.start!} hint="UK time" error={errors.start}>
            {(a) => <input {...a} name="start" type="datetime-local" value={form.start} onInput={set('start')} />}
          </Field>
          <Field label={LABELS.end!} hint="UK time" error={errors.end}>
            {(a) => <input {...a} name="end" type="datetime-local" value={form.end} onInput={set('end')} />}
          </Field>
          <Field label={LABELS.breakMinutes!} hint="Minutes, not paid" error={errors.breakMinutes}>
            {(a) => (
              <input
                {...a}
                name="breakMinutes"
                type="number"
                min="0"
                max="240"
                step="5"
                inputMode="numeric"
                value={form.breakMinutes}
                onInput={set('breakMinutes')}
              />
            )}
          </Field>
          <Field
            label={LABELS.hourlyRatePence!}
            hint={RATE_HINTS[form.role] ?? 'In pounds'}
            error={errors.hourlyRatePence}
          >
            {(a) => (
              <div class="input-prefix">
                <span aria-hidden="true">£</span>
                <input {...a} name="rate" inputMode="decimal" value={form.rate} onInput={set('rate')} />
              </div>
            )}
          </Field>
        </div>
        <fieldset class={`field${errors.skills ? ' field-error' : ''}`}>
          <legend>{LABELS.skills}</legend>
          <p class="hint">Only clinicians with every ticked skill are offered the shift.</p>
          {errors.skills && <p class="error-message">{errors.skills}</p>}
          <div class="checkbox-grid">
            {SKILLS.map((skill) => (
              <label key={skill} class="checkbox">
                <input
                  type="checkbox"
                  name="skills"
                  value={skill}
                  checked={form.skills.includes(skill)}
                  onChange={() => toggleSkill(skill)}
                />
                <span>{skillLabel(skill)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class="form-grid">
          <Field
            label={LABELS.cascadeMinutes!}
            hint="Your preferred clinicians hear first; everyone else after this wait"
            error={errors.cascadeMinutes}
          >
            {(a) => (
              <select {...a} name="cascadeMinutes" value={form.cascadeMinutes} onChange={set('cascadeMinutes')}>
                <option value="0">Everyone eligible at once</option>
                <option value="15">Preferred first, others after 15 minutes</option>
                <option value="30">Preferred first, others after 30 minutes</option>
                <option value="60">Preferred first, others after an hour</option>
                <option value="240">Preferred first, others after 4 hours</option>
              </select>
            )}
          </Field>
          <Field label={LABELS.notes!} hint="Optional: parking, systems, who to ask for" error={errors.notes}>
            {(a) => <textarea {...a} name="notes" rows={3} maxLength={500} value={form.notes} onInput={set('notes')} />}
          </Field>
        </div>
        {preview && <PreviewWaves preview={preview} />}
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Posting…' : 'Post shift'}
          </button>
          <button type="button" class="button button-secondary" disabled={previewing} onClick={showPreview}>
            {previewing ? 'Working out who hears…' : preview ? 'Check again' : 'Who will be offered it?'}
          </button>
          <a class="button button-secondary" href={href('/manager/shifts')}>
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}

/** The cascade as posting would send it now: each wave, when it goes, and to whom. */
function PreviewWaves({ preview }: { preview: CascadePreview }) {
  const reached = preview.waves.reduce((n, w) => n + w.clinicians.length, 0);
  return (
    <section class="cascade-preview" aria-labelledby="preview-h" aria-live="polite">
      <h2 id="preview-h">Who will be offered it</h2>
      {reached === 0 ? (
        <Notice tone="warning" title="Nobody in the bank can work this shift as it stands">
          {preview.excluded} nearby {preview.excluded === 1 ? 'clinician is' : 'clinicians are'} ruled out. Try other
          times, fewer skills or a higher rate.
        </Notice>
      ) : (
        <ol class="stack">
          {preview.waves.map((w, i) => (
            <li key={w.wave}>
              <p>
                <strong>{i === 0 ? 'As soon as you post' : `Wave ${w.wave}, ${instantLabel(w.at)}`}</strong>:{' '}
                {w.clinicians.length} {w.clinicians.length === 1 ? 'clinician' : 'clinicians'}
                {w.clinicians.every((c) => c.preferred) ? ' (your preferred)' : ''}
              </p>
              <p class="muted small">{w.clinicians.map((c) => c.name).join(', ')}</p>
            </li>
          ))}
        </ol>
      )}
      {preview.unreached > 0 && (
        <p class="muted small">
          {preview.unreached} more would not be reached before the shift starts: choose a shorter wait to reach them.
        </p>
      )}
      <p class="muted small">Nothing has been posted yet. If someone accepts early, later waves do not go.</p>
    </section>
  );
}
