import { useState } from 'preact/hooks';
import { download, get } from '../api';
import { useApp } from '../app';
import { addDays, londonToday, minutesLabel, percent, pounds } from '../format';
import type { Summary } from '../records';
import { Empty, Field, Loaded, messageOf, Notice, PageHeader, useAsync } from '../ui';

/** Fill rate as a ring: filled share in blue over a grey track. */
function FillRing({ rate }: { rate: number }) {
  const r = 52;
  const c = 2 * Math.PI * r;
  const share = Math.max(0, Math.min(1, rate || 0));
  return (
    <svg viewBox="0 0 140 140" width="140" height="140" role="img" aria-label={`Fill rate ${percent(share)}`}>
      <circle cx="70" cy="70" r={r} fill="none" stroke="#d8dde0" stroke-width="16" />
      <circle
        cx="70"
        cy="70"
        r={r}
        fill="none"
        stroke="#005eb8"
        stroke-width="16"
        stroke-dasharray={`${c * share} ${c}`}
        transform="rotate(-90 70 70)"
        stroke-linecap={share > 0 && share < 1 ? 'round' : 'butt'}
      />
      <text x="70" y="78" text-anchor="middle" font-size="26" font-weight="700" fill="#212b32">
        {percent(share)}
      </text>
    </svg>
  );
}

/**
 * Horizontal bars, each labelled above its bar so the text stays legible when
 * the chart shrinks to a phone; values are written out, not left to colour.
 */
function BarChart(props: { rows: { label: string; value: number; text: string }[]; title: string; colour?: string }) {
  const max = Math.max(1, ...props.rows.map((r) => r.value));
  const rowH = 48;
  const width = 440;
  const barW = width - 110;
  return (
    <svg
      viewBox={`0 0 ${width} ${props.rows.length * rowH}`}
      class="chart"
      role="img"
      aria-label={`${props.title}: ${props.rows.map((r) => `${r.label} ${r.text}`).join('; ')}`}
    >
      {props.rows.map((r, i) => {
        const y = i * rowH;
        const w = Math.max(2, (r.value / max) * barW);
        return (
          <g key={r.label}>
            <text x="0" y={y + 16} font-size="15" fill="#212b32">
              {r.label.length > 48 ? `${r.label.slice(0, 47)}…` : r.label}
            </text>
            <rect x="0" y={y + 23} width={w} height="16" rx="3" fill={props.colour ?? '#005eb8'} />
            <text x={w + 8} y={y + 37} font-size="15" font-weight="600" fill="#4c6272">
              {r.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Fill rate, time to fill and spend, for managers, HR and admins. */
export function Reports() {
  const { practiceName } = useApp();
  const today = londonToday();
  const [from, setFrom] = useState(addDays(today, -30));
  const [to, setTo] = useState(addDays(today, 30));
  const [groupBy, setGroupBy] = useState<'week' | 'month'>('week');
  // The trend is titled by the grouping it was loaded with: while the next one loads, the last one stays up.
  const summary = useAsync(
    async () => ({
      trendBy: groupBy,
      ...(await get<Summary>(`/reports/summary?from=${from}&to=${to}&groupBy=${groupBy}`)),
    }),
    [from, to, groupBy],
  );
  const [csvFailure, setCsvFailure] = useState<string>();
  const downloadCsv = async () => {
    setCsvFailure(undefined);
    try {
      await download(
        `/reports/summary.csv?from=${from}&to=${to}&groupBy=${groupBy}`,
        `rota-bank-report-${from}-to-${to}.csv`,
        'text/csv',
      );
    } catch (err) {
      setCsvFailure(messageOf(err));
    }
  };

  return (
    <>
      <PageHeader title="Reports" lead="How well gaps are being filled, how fast, and what the bank costs." />
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Report period">
        <Field label="From">
          {(a) => <input {...a} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />}
        </Field>
        <Field label="To">
          {(a) => <input {...a} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />}
        </Field>
        <Field label="Trend by">
          {(a) => (
            <select {...a} value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value as 'week' | 'month')}>
              <option value="week">Week</option>
              <option value="month">Month</option>
            </select>
          )}
        </Field>
        <div class="form-actions">
          <button type="button" class="button button-secondary" onClick={downloadCsv}>
            Download CSV
          </button>
        </div>
      </form>
      {csvFailure && (
        <Notice tone="error" title="The CSV could not be downloaded">
          {csvFailure}
        </Notice>
      )}
      <Loaded state={summary} what="Reports">
        {(s) => {
          const rows = (s.byPractice ?? []).map((p) => ({ ...p, label: p.name ?? practiceName(p.practiceId) }));
          return (
            <>
              <ul class="stat-row" aria-label="Summary">
                <li class="stat">
                  <span class="stat-value">{s.shiftsPosted}</span> <span class="stat-label">shifts posted</span>
                </li>
                <li class="stat stat-ok">
                  <span class="stat-value">{s.shiftsFilled}</span> <span class="stat-label">filled</span>
                </li>
                <li class="stat">
                  <span class="stat-value">{minutesLabel(s.medianMinutesToFill ?? undefined)}</span>{' '}
                  <span class="stat-label">median time to fill</span>
                </li>
                <li class="stat">
                  <span class="stat-value">{pounds(s.spendPence)}</span> <span class="stat-label">spend</span>
                </li>
              </ul>
              <div class="chart-grid">
                <section class="card chart-card" aria-labelledby="fill-h">
                  <h2 id="fill-h">Fill rate</h2>
                  <FillRing rate={s.fillRate} />
                  <p class="muted">
                    {s.shiftsFilled} of {s.shiftsPosted} shifts filled
                  </p>
                </section>
                <section class="card chart-card-wide" aria-labelledby="ttf-h">
                  <h2 id="ttf-h">Time to fill, by practice</h2>
                  {rows.some((r) => r.medianMinutesToFill != null) ? (
                    <BarChart
                      title="Median minutes to fill"
                      colour="#007f3b"
                      rows={rows
                        .filter((r) => r.medianMinutesToFill != null)
                        .sort((a, b) => (a.medianMinutesToFill ?? 0) - (b.medianMinutesToFill ?? 0))
                        .map((r) => ({
                          label: r.label,
                          value: r.medianMinutesToFill ?? 0,
                          text: minutesLabel(r.medianMinutesToFill),
                        }))}
                    />
                  ) : (
                    <Empty>No shifts filled in this period.</Empty>
                  )}
                </section>
              </div>
              <section class="card" aria-labelledby="trend-h">
                <h2 id="trend-h">Trend by {s.trendBy}</h2>
                {(s.series ?? []).some((p) => p.shiftsPosted > 0 || p.spendPence > 0) ? (
                  <div class="chart-grid chart-grid-even">
                    <div>
                      <h3>Fill rate</h3>
                      <BarChart
                        title={`Fill rate by ${s.trendBy}`}
                        colour="#007f3b"
                        rows={(s.series ?? []).map((p) => ({
                          label: p.period,
                          value: p.fillRate,
                          text: `${percent(p.fillRate)} of ${p.shiftsPosted}`,
                        }))}
                      />
                    </div>
                    <div>
                      <h3>Spend</h3>
                      <BarChart
                        title={`Spend by ${s.trendBy}`}
                        rows={(s.series ?? []).map((p) => ({
                          label: p.period,
                          value: p.spendPence,
                          text: pounds(p.spendPence),
                        }))}
                      />
                    </div>
                  </div>
                ) : (
                  <Empty>Nothing posted or spent in this period.</Empty>
                )}
              </section>
              <section class="card" aria-labelledby="spend-h">
                <h2 id="spend-h">Spend by practice</h2>
                {rows.some((r) => (r.spendPence ?? 0) > 0) ? (
                  <BarChart
                    title="Spend by practice"
                    rows={rows
                      .filter((r) => (r.spendPence ?? 0) > 0)
                      .sort((a, b) => (b.spendPence ?? 0) - (a.spendPence ?? 0))
                      .map((r) => ({ label: r.label, value: r.spendPence ?? 0, text: pounds(r.spendPence) }))}
                  />
                ) : (
                  <Empty>No spend in this period.</Empty>
                )}
              </section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
