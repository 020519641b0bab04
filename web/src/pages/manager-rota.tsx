import { useMemo } from 'preact/hooks';
import { get } from '../api';
import { useApp, useMe } from '../app';
import { addDays, dateLabel, londonToday, roleLabel, timeOf } from '../format';
import type { RotaDay, RotaShift } from '../records';
import { href, navigate, useLocation } from '../router';
import { Empty, Field, Loaded, PageHeader, StatusBadge, useAsync } from '../ui';
import { usePracticeChoices } from './manager-board';

/** The Monday of the week a calendar date falls in. */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

const rota = (from: string, to: string, practiceId: string) =>
  get<{ days: RotaDay[] }>(`/rota?${new URLSearchParams({ from, to, ...(practiceId ? { practiceId } : {}) })}`).then(
    (r) => r.days,
  );

const postInto = (practiceId: string | undefined, date: string) =>
  href(`/manager/post?${new URLSearchParams({ ...(practiceId ? { practice: practiceId } : {}), date })}`);

function ShiftChip({ shift, practice }: { shift: RotaShift; practice?: string }) {
  return (
    <a class={`rota-chip rota-${shift.status}`} href={href(`/manager/shifts/${shift.id}`)}>
      <span class="rota-chip-time">
        {timeOf(shift.localStart)}–{timeOf(shift.localEnd)}
      </span>
      <span class="rota-chip-role">{roleLabel(shift.role)}</span>
      {practice && <span class="rota-chip-practice">{practice}</span>}
      <span class="rota-chip-who">
        {shift.status === 'filled' ? (shift.clinicianName ?? 'Booked') : <StatusBadge status={shift.status} />}
      </span>
    </a>
  );
}

/** The practice manager's week: practices by days, each session a gap or filled, and what is still unfilled. */
export function ManagerRota() {
  const me = useMe();
  const { practiceName } = useApp();
  const choices = usePracticeChoices();
  const { query } = useLocation();
  const today = londonToday();
  const practice = query.get('practice') ?? '';
  const monday = mondayOf(query.get('week') ?? today);
  const sunday = addDays(monday, 6);
  const week = useAsync(() => rota(monday, sunday, practice), [monday, practice]);
  const thisMonday = mondayOf(today);
  const unfilled = useAsync(() => rota(today, addDays(thisMonday, 13), practice), [today, practice]);

  const setQuery = (key: string, value: string) => {
    const q = new URLSearchParams(query);
    if (value) q.set(key, value);
    else q.delete(key);
    navigate(`/manager/rota${q.size ? `?${q}` : ''}`, { replace: true });
  };
  const rows = practice ? choices.filter((p) => p.id === practice) : choices;
  const open = useMemo(
    () => (unfilled.data ?? []).flatMap((d) => d.shifts.filter((s) => s.status === 'open')),
    [unfilled.data],
  );

  return (
    <>
      <PageHeader
        title="Rota"
        lead={`The week at ${rows.length === 1 ? rows[0]!.name : me.role === 'admin' ? 'every practice' : 'your practices'}: each session open or filled, and who is booked.`}
        actions={
          <a class="button" href={href('/manager/bulk')}>
            Post several shifts
          </a>
        }
      />
      <form class="filters rota-filters" aria-label="Choose the week" onSubmit={(e) => e.preventDefault()}>
        <Field label="Practice">
          {(a) => (
            <select {...a} value={practice} onChange={(e) => setQuery('practice', e.currentTarget.value)}>
              <option value="">{me.role === 'admin' ? 'All practices' : 'All my practices'}</option>
              {choices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset class="week-nav">
          <legend class="visually-hidden">Week</legend>
          <button
            type="button"
            class="button button-secondary button-small"
            onClick={() => setQuery('week', addDays(monday, -7))}
          >
            ‹ Previous
          </button>
          <strong class="week-label">
            {dateLabel(monday, false)} – {dateLabel(sunday)}
          </strong>
          <button
            type="button"
            class="button button-secondary button-small"
            onClick={() => setQuery('week', addDays(monday, 7))}
          >
            Next ›
          </button>
          {monday !== thisMonday && (
            <button type="button" class="button button-secondary button-small" onClick={() => setQuery('week', '')}>
              This week
            </button>
          )}
        </fieldset>
      </form>

      <section class="card rota-unfilled" aria-labelledby="unfilled-heading">
        <h2 id="unfilled-heading">Still unfilled this week and next</h2>
        <Loaded state={unfilled} what="Unfilled shifts">
          {() =>
            open.length === 0 ? (
              <Empty>No open sessions from today to {dateLabel(addDays(thisMonday, 13), false)}.</Empty>
            ) : (
              <ul class="unfilled-list">
                {open.map((s) => (
                  <li key={s.id}>
                    <a href={href(`/manager/shifts/${s.id}`)}>
                      {dateLabel(s.localStart.slice(0, 10), false)}, {timeOf(s.localStart)}–{timeOf(s.localEnd)}
                    </a>{' '}
                    {roleLabel(s.role)} · {practiceName(s.practiceId)}
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>

      <Loaded state={week} what="Rota">
        {(days) => (
          <>
            <div class="rota-grid-wrap">
              <table class="rota-grid">
                <caption class="visually-hidden">
                  Sessions by practice and day, {dateLabel(monday)} to {dateLabel(sunday)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Practice</th>
                    {days.map((d) => (
                      <th scope="col" key={d.date} class={d.date === today ? 'rota-today' : undefined}>
                        {dateLabel(d.date, false)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{p.name}</th>
                      {days.map((d) => {
                        const shifts = d.shifts.filter((s) => s.practiceId === p.id);
                        return (
                          <td key={d.date} class={shifts.length ? undefined : 'rota-gap'}>
                            {shifts.map((s) => (
                              <ShiftChip key={s.id} shift={s} />
                            ))}
                            {d.date >= today && (
                              <a
                                class="rota-post"
                                href={postInto(p.id, d.date)}
                                aria-label={`Post a shift at ${p.name} on ${dateLabel(d.date)}`}
                              >
                                {shifts.length ? '+' : 'Post'}
                              </a>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div class="rota-days">
              {days.map((d) => {
                const shifts = d.shifts.filter((s) => rows.some((p) => p.id === s.practiceId));
                return (
                  <section class="day" key={d.date} aria-labelledby={`rota-day-${d.date}`}>
                    <h2 id={`rota-day-${d.date}`} class="day-heading">
                      {dateLabel(d.date, false)}
                      {d.date === today && <span class="today">Today</span>}
                    </h2>
                    {shifts.length === 0 && <p class="rota-none">No sessions posted.</p>}
                    <div class="rota-day-list">
                      {shifts.map((s) => (
                        <ShiftChip
                          key={s.id}
                          shift={s}
                          practice={rows.length > 1 ? practiceName(s.practiceId) : undefined}
                        />
                      ))}
                    </div>
                    {d.date >= today && (
                      <a class="rota-post" href={postInto(rows.length === 1 ? rows[0]!.id : undefined, d.date)}>
                        Post a shift on {dateLabel(d.date, false)}
                      </a>
                    )}
                  </section>
                );
              })}
            </div>
          </>
        )}
      </Loaded>
    </>
  );
}
