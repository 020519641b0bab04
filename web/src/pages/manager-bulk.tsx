import { useEffect, useRef, useState } from 'preact/hooks';
import { BulkPostBody, CreateTemplateBody } from '../../../lib/schemas/rota';
import { ApiError, getAll, post } from '../api';
import { useApp, useMe } from '../app';
import { addDays, dateLabel, londonToday, pounds, ROLE_LABELS, roleLabel, timeOf } from '../format';
import { numberOrUndefined, poundsToPence, validate } from '../forms';
import type { BulkResult, ShiftTemplate } from '../records';
import { href } from '../router';
import { Empty, ErrorSummary, Field, Loaded, messageOf, Notice, PageHeader, useAsync } from '../ui';
import { usePracticeChoices } from './manager-board';

const WEEKDAYS = [
  ['mon', 'Mon'],
  ['tue', 'Tue'],
  ['wed', 'Wed'],
  ['thu', 'Thu'],
  ['fri', 'Fri'],
  ['sat', 'Sat'],
  ['sun', 'Sun'],
] as const;

const SKIP_LABELS: Record<string, string> = {
  PAST: 'In the past',
  CLOCK_CHANGE: 'The clocks change then',
  TOO_FAR_AHEAD: 'Too far ahead',
  DUPLICATE: 'Already posted',
};

const sessionsLabel = (t: ShiftTemplate) => t.sessions.map((s) => `${s.from}–${s.to}`).join(' and ');

const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** A new template: the usual sessions of a practice's day, for posting in bulk. */
function NewTemplate({ practiceId, onSaved }: { practiceId: string; onSaved: (t: ShiftTemplate) => void }) {
  const [form, setForm] = useState({
    name: 'GP day',
    role: 'gp',
    rate: '90.00',
    sessions: [
      { from: '08:00', to: '12:10', breakMinutes: '0' },
      { from: '14:00', to: '18:10', breakMinutes: '0' },
    ],
    notes: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const setSession = (i: number, key: 'from' | 'to' | 'breakMinutes', value: string) =>
    setForm((f) => ({ ...f, sessions: f.sessions.map((s, j) => (j === i ? { ...s, [key]: value } : s)) }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      practiceId,
      name: form.name,
      role: form.role,
      sessions: form.sessions.map((s) => ({ ...s, breakMinutes: numberOrUndefined(s.breakMinutes) })),
      hourlyRatePence: poundsToPence(form.rate),
      notes: form.notes.trim() || undefined,
    };
    const checked = validate(CreateTemplateBody, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      const reply = await post<{ template: ShiftTemplate }>('/shift-templates', body);
      onSaved(reply.template);
    } catch (err) {
      setErrors(err instanceof ApiError && err.code === 'VALIDATION' ? err.fieldErrors() : { form: messageOf(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form template-form" onSubmit={submit} noValidate aria-label="New template">
      <ErrorSummary errors={errors} labels={{ name: 'Name', sessions: 'Sessions', hourlyRatePence: 'Hourly rate' }} />
      <div class="form-grid">
        <Field label="Name" error={errors.name}>
          {(a) => <input {...a} value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />}
        </Field>
        <Field label="Role">
          {(a) => (
            <select {...a} value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}>
              {Object.entries(ROLE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Hourly rate" hint="£ an hour" error={errors.hourlyRatePence}>
          {(a) => (
            <input
              {...a}
              inputMode="decimal"
              value={form.rate}
              onInput={(e) => setForm({ ...form, rate: e.currentTarget.value })}
            />
          )}
        </Field>
      </div>
      <fieldset class="sessions">
        <legend>Sessions each day (UK time)</legend>
        {form.sessions.map((s, i) => (
          <div class="session-row" key={i}>
            <Field label={`Session ${i + 1} from`}>
              {(a) => (
                <input
                  {...a}
                  type="time"
                  value={s.from}
                  onInput={(e) => setSession(i, 'from', e.currentTarget.value)}
                />
              )}
            </Field>
            <Field label="to">
              {(a) => (
                <input {...a} type="time" value={s.to} onInput={(e) => setSession(i, 'to', e.currentTarget.value)} />
              )}
            </Field>
            <Field label="Break (min)">
              {(a) => (
                <input
                  {...a}
                  inputMode="numeric"
                  value={s.breakMinutes}
                  onInput={(e) => setSession(i, 'breakMinutes', e.currentTarget.value)}
                />
              )}
            </Field>
            {form.sessions.length > 1 && (
              <button
                type="button"
                class="button button-secondary button-small"
                onClick={() => setForm({ ...form, sessions: form.sessions.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            )}
          </div>
        ))}
        {form.sessions.length < 4 && (
          <button
            type="button"
            class="button button-secondary button-small"
            onClick={() =>
              setForm({ ...form, sessions: [...form.sessions, { from: '18:30', to: '20:00', breakMinutes: '0' }] })
            }
          >
            Add a session
          </button>
        )}
      </fieldset>
      {errors.sessions && <p class="error-message">{errors.sessions}</p>}
      <button class="button" type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save template'}
      </button>
    </form>
  );
}

/** Posting a template's sessions on many days at once, with the days that could not be posted and why. */
export function ManagerBulkPost() {
  const me = useMe();
  const { practiceName } = useApp();
  const choices = usePracticeChoices();
  const today = londonToday();
  const [practiceId, setPracticeId] = useState(me.practiceIds.length === 1 ? me.practiceIds[0]! : '');
  const [templateId, setTemplateId] = useState('');
  const [creating, setCreating] = useState(false);
  const [mode, setMode] = useState<'weekly' | 'dates'>('weekly');
  const [range, setRange] = useState({ from: addDays(today, 1), to: addDays(today, 14) });
  const [days, setDays] = useState<string[]>(['mon', 'tue', 'wed', 'thu', 'fri']);
  const [dates, setDates] = useState<string[]>([]);
  const [nextDate, setNextDate] = useState(addDays(today, 1));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [result, setResult] = useState<BulkResult>();
  const [busy, setBusy] = useState(false);
  // One key per distinct request: pressing again after a lost answer repeats it, and the API answers it once.
  const idempotency = useRef<{ body: string; key: string } | undefined>(undefined);

  const templates = useAsync(
    () =>
      practiceId
        ? getAll<ShiftTemplate>(`/shift-templates?practiceId=${encodeURIComponent(practiceId)}`, 'templates')
        : Promise.resolve([] as ShiftTemplate[]),
    [practiceId],
  );
  useEffect(() => {
    const list = templates.data ?? [];
    if (!list.some((t) => t.id === templateId)) setTemplateId(list[0]?.id ?? '');
    setCreating(practiceId !== '' && templates.data !== undefined && list.length === 0);
  }, [templates.data]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setFailure(undefined);
    setResult(undefined);
    const body =
      mode === 'weekly'
        ? { templateId, from: range.from, to: range.to, days }
        : { templateId, dates: [...dates].sort() };
    const checked = validate(BulkPostBody, body);
    if (!checked.ok || !templateId) {
      setErrors({
        ...(checked.ok ? {} : checked.errors),
        ...(!templateId ? { templateId: 'Choose a template' } : {}),
        ...(mode === 'dates' && dates.length === 0 ? { dates: 'Add at least one date' } : {}),
        ...(mode === 'weekly' && days.length === 0 ? { days: 'Choose at least one day' } : {}),
      });
      return;
    }
    setErrors({});
    const text = JSON.stringify(body);
    if (idempotency.current?.body !== text) idempotency.current = { body: text, key: newKey() };
    setBusy(true);
    try {
      setResult(await post<BulkResult>('/shifts/bulk', body, { 'idempotency-key': idempotency.current.key }));
      idempotency.current = undefined;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') {
        const fields = err.fieldErrors();
        setErrors(Object.keys(fields).length ? fields : { form: err.message });
      } else setFailure(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const template = templates.data?.find((t) => t.id === templateId);
  return (
    <>
      <PageHeader
        title="Post several shifts"
        lead="Choose one of the practice’s templates and the days to post it on. Each clinician offered several of these shifts gets one text listing them, not one text each."
        actions={
          <a class="button button-secondary" href={href('/manager/rota')}>
            Back to the rota
          </a>
        }
      />
      <ErrorSummary
        errors={errors}
        labels={{ templateId: 'Template', dates: 'Dates', days: 'Days', from: 'From', to: 'To', form: '' }}
      />
      {failure && (
        <Notice tone="error" title="The shifts were not posted">
          {failure}
        </Notice>
      )}
      {result && (
        <Notice
          tone={result.shifts.length ? 'success' : 'warning'}
          title={
            result.shifts.length
              ? `Posted ${result.shifts.length} shift${result.shifts.length === 1 ? '' : 's'}`
              : 'Nothing was posted'
          }
        >
          {result.shifts.length > 0 && (
            <p>
              Offers are on their way to eligible clinicians. <a href={href('/manager/rota')}>See them on the rota</a>.
            </p>
          )}
          {result.skipped.length > 0 && (
            <>
              <p>
                {result.skipped.length} session{result.skipped.length === 1 ? ' was' : 's were'} not posted:
              </p>
              <table class="table skipped-table">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Session</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {result.skipped.map((s) => (
                    <tr key={`${s.date}-${s.session}`}>
                      <td>{dateLabel(s.date)}</td>
                      <td>{s.session.replace('-', '–')}</td>
                      <td>
                        <strong>{SKIP_LABELS[s.reason] ?? s.reason}</strong>: {s.message}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {result.shifts.length > 0 && (
            <ul class="posted-list">
              {result.shifts.map((s) => (
                <li key={s.id}>
                  <a href={href(`/manager/shifts/${s.id}`)}>
                    {dateLabel(s.localStart.slice(0, 10), false)} {timeOf(s.localStart)}–{timeOf(s.localEnd)}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      <form class="form card" onSubmit={submit} noValidate aria-label="Post several shifts">
        <Field label="Practice">
          {(a) => (
            <select {...a} value={practiceId} onChange={(e) => setPracticeId(e.currentTarget.value)}>
              <option value="">Choose a practice</option>
              {choices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {practiceId && (
          <Loaded state={templates} what="Templates">
            {(list) => (
              <fieldset class="template-picker">
                <legend>Template</legend>
                {list.length === 0 && <Empty>{practiceName(practiceId)} has no templates yet: make one below.</Empty>}
                {list.map((t) => (
                  <label class="checkbox" key={t.id}>
                    <input
                      type="radio"
                      name="templateId"
                      value={t.id}
                      checked={t.id === templateId}
                      onChange={() => setTemplateId(t.id)}
                    />
                    <span>
                      <strong>{t.name}</strong> · {roleLabel(t.role)} · {sessionsLabel(t)} · {pounds(t.hourlyRatePence)}
                      /h
                    </span>
                  </label>
                ))}
                {errors.templateId && <p class="error-message">{errors.templateId}</p>}
                <button
                  type="button"
                  class="button button-secondary button-small"
                  onClick={() => setCreating(!creating)}
                >
                  {creating ? 'Close the new template' : 'New template'}
                </button>
              </fieldset>
            )}
          </Loaded>
        )}
        {practiceId && creating && (
          <NewTemplate
            practiceId={practiceId}
            onSaved={(t) => {
              templates.setData([...(templates.data ?? []), t]);
              setTemplateId(t.id);
              setCreating(false);
            }}
          />
        )}
        <fieldset class="bulk-mode">
          <legend>Which days</legend>
          <label class="checkbox">
            <input type="radio" name="mode" checked={mode === 'weekly'} onChange={() => setMode('weekly')} /> Every week
            on these days
          </label>
          <label class="checkbox">
            <input type="radio" name="mode" checked={mode === 'dates'} onChange={() => setMode('dates')} /> On these
            dates
          </label>
        </fieldset>
        {mode === 'weekly' ? (
          <div class="form-grid">
            <fieldset class="weekday-picker">
              <legend>Days</legend>
              {WEEKDAYS.map(([value, label]) => (
                <label class="checkbox choice-inline" key={value}>
                  <input
                    type="checkbox"
                    checked={days.includes(value)}
                    onChange={() => setDays(days.includes(value) ? days.filter((d) => d !== value) : [...days, value])}
                  />{' '}
                  {label}
                </label>
              ))}
              {errors.days && <p class="error-message">{errors.days}</p>}
            </fieldset>
            <Field label="From" error={errors.from}>
              {(a) => (
                <input
                  {...a}
                  type="date"
                  value={range.from}
                  onInput={(e) => setRange({ ...range, from: e.currentTarget.value })}
                />
              )}
            </Field>
            <Field label="To (inclusive)" error={errors.to}>
              {(a) => (
                <input
                  {...a}
                  type="date"
                  value={range.to}
                  onInput={(e) => setRange({ ...range, to: e.currentTarget.value })}
                />
              )}
            </Field>
          </div>
        ) : (
          <div class="dates-picker">
            <Field label="Date" error={errors.dates}>
              {(a) => <input {...a} type="date" value={nextDate} onInput={(e) => setNextDate(e.currentTarget.value)} />}
            </Field>
            <button
              type="button"
              class="button button-secondary button-small"
              onClick={() => nextDate && !dates.includes(nextDate) && setDates([...dates, nextDate].sort())}
            >
              Add date
            </button>
            <ul class="date-chips" aria-label="Chosen dates">
              {dates.map((d) => (
                <li key={d}>
                  {dateLabel(d)}{' '}
                  <button
                    type="button"
                    class="link-button"
                    aria-label={`Remove ${dateLabel(d)}`}
                    onClick={() => setDates(dates.filter((x) => x !== d))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {errors.form && <p class="error-message">{errors.form}</p>}
        <button class="button" type="submit" disabled={busy || !template}>
          {busy ? 'Posting…' : template ? `Post “${template.name}”` : 'Post the shifts'}
        </button>
      </form>
    </>
  );
}
