import { useMemo } from 'preact/hooks';
import { get } from '../api';
import { useApp, useMe } from '../app';
import { addDays, dateLabel, londonToday, pounds, roleLabel, skillLabel, timeOf } from '../format';
import type { Shift } from '../records';
import { href, navigate, useLocation } from '../router';
import { Empty, Field, Loaded, PageHeader, StatusBadge, useAsync } from '../ui';

/** The practices a caller runs: a manager's own, or every practice for an admin. */
export function usePracticeChoices() {
  const me = useMe();
  const { practices } = useApp();
  return me.role === 'admin' ? practices : practices.filter((p) => me.practiceIds.includes(p.id));
}

async function loadShifts(practiceIds: string[], status: string, from: string): Promise<Shift[]> {
  const params = (id: string | undefined) => {
    const q = new URLSearchParams({ from: `${from}T00:00`, limit: '200' });
    if (id) q.set('practiceId', id);
    if (status) q.set('status', status);
    return `/shifts?${q}`;
  };
  // No practice ids means the whole organisation (an admin's view): one call.
  const targets = practiceIds.length ? practiceIds : [undefined];
  const lists = await Promise.all(targets.map((id) => get<{ shifts: Shift[] }>(params(id))));
  return lists.flatMap((l) => l.shifts).sort((a, b) => a.start.localeCompare(b.start));
}

/** The manager's board: their practices' shifts from today, by day, with fill status. */
export function ManagerBoard() {
  const me = useMe();
  const { practiceName } = useApp();
  const choices = usePracticeChoices();
  const { query } = useLocation();
  const practice = query.get('practice') ?? '';
  const status = query.get('status') ?? '';
  const from = query.get('from') ?? londonToday();
  const ids = practice ? [practice] : me.role === 'admin' ? [] : me.practiceIds;
  const shifts = useAsync(() => loadShifts(ids, status, from), [ids.join(), status, from]);

  const setFilter = (key: string, value: string) => {
    const q = new URLSearchParams(query);
    if (value) q.set(key, value);
    else q.delete(key);
    navigate(`/manager/shifts${q.size ? `?${q}` : ''}`, { replace: true });
  };

  const days = useMemo(() => {
    const byDay = new Map<string, Shift[]>();
    for (const s of shifts.data ?? []) {
      const day = s.localStart.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), s]);
    }
    return [...byDay.entries()];
  }, [shifts.data]);

  const counts = useMemo(() => {
    const all = shifts.data ?? [];
    return {
      open: all.filter((s) => s.status === 'open').length,
      filled: all.filter((s) => s.status === 'filled').length,
      cancelled: all.filter((s) => s.status === 'cancelled').length,
    };
  }, [shifts.data]);

  const today = londonToday();
  return (
    <>
      <PageHeader
        title="Shifts"
        lead={
          me.role === 'admin'
            ? 'Every practice’s gaps, from the chosen day on.'
            : `Gaps in the rota at ${choices.length === 1 ? choices[0]!.name : 'your practices'}, from the chosen day on.`
        }
        actions={
          <a class="button" href={href('/manager/post')}>
            Post a shift
          </a>
        }
      />
      <form class="filters" aria-label="Filter shifts" onSubmit={(e) => e.preventDefault()}>
        <Field label="Practice">
          {(a) => (
            <select {...a} value={practice} onChange={(e) => setFilter('practice', e.currentTarget.value)}>
              <option value="">{me.role === 'admin' ? 'All practices' : 'All my practices'}</option>
              {choices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status">
          {(a) => (
            <select {...a} value={status} onChange={(e) => setFilter('status', e.currentTarget.value)}>
              <option value="">Any</option>
              <option value="open">Open</option>
              <option value="filled">Filled</option>
              <option value="cancelled">Cancelled</option>
            </select>
          )}
        </Field>
        <Field label="From">
          {(a) => (
            <input
              {...a}
              type="date"
              value={from}
              onChange={(e) => setFilter('from', e.currentTarget.value === today ? '' : e.currentTarget.value)}
            />
          )}
        </Field>
      </form>
      <Loaded state={shifts} what="Shifts">
        {(list) =>
          list.length === 0 ? (
            <Empty>
              No shifts from {dateLabel(from)}. <a href={href('/manager/post')}>Post a shift</a> to fill a gap in the
              rota.
            </Empty>
          ) : (
            <>
              <p class="summary-line" aria-live="polite">
                <strong>{list.length}</strong> shift{list.length === 1 ? '' : 's'}: {counts.open} open, {counts.filled}{' '}
                filled
                {counts.cancelled ? `, ${counts.cancelled} cancelled` : ''}
              </p>
              {days.map(([day, items]) => (
                <section class="day" key={day} aria-labelledby={`day-${day}`}>
                  <h2 id={`day-${day}`} class="day-heading">
                    {dateLabel(day)}
                    {day === today && <span class="today">Today</span>}
                    {day === addDays(today, 1) && <span class="today">Tomorrow</span>}
                  </h2>
                  <ul class="shift-list">
                    {items.map((s) => (
                      <li key={s.id} class={`shift-card shift-${s.status}`}>
                        <a class="shift-link" href={href(`/manager/shifts/${s.id}`)}>
                          <span class="shift-time">
                            {timeOf(s.localStart)}–{timeOf(s.localEnd)}
                          </span>
                          <span class="shift-main">
                            <span class="shift-role">{roleLabel(s.role)}</span>
                            <span class="shift-meta">
                              {practiceName(s.practiceId)}
                              {s.skills.length > 0 && ` · ${s.skills.map(skillLabel).join(', ')}`}
                            </span>
                          </span>
                          <span class="shift-side">
                            <StatusBadge status={s.status} />
                            <span class="shift-rate">{pounds(s.hourlyRatePence)}/h</span>
                          </span>
                        </a>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </>
          )
        }
      </Loaded>
    </>
  );
}
