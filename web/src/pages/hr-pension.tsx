import { getAll } from '../api';
import { useApp } from '../app';
import { dateLabel, londonToday } from '../format';
import { Badge, Empty, Loaded, PageHeader, useAsync } from '../ui';

interface AtRisk {
  timesheetId: string;
  clinicianId: string;
  clinicianName: string;
  practiceId: string;
  date: string;
  deadline: string;
  invoiceId?: string;
  missing: ('form-a' | 'payment')[];
}

const daysTo = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Locum sessions close to the 10-week pension deadline whose Form A is unsigned or invoice unpaid. */
export function HrPension() {
  const { practiceName } = useApp();
  const list = useAsync(
    () =>
      getAll<AtRisk>('/pension/at-risk', 'sessions').then((sessions) =>
        [...sessions].sort((a, b) => a.deadline.localeCompare(b.deadline)),
      ),
    [],
  );
  const today = londonToday();
  return (
    <>
      <PageHeader
        title="Pension at risk"
        lead="Locum GP sessions within three weeks of their 10-week deadline: after it the work cannot be pensioned. Practices are reminded at 4 and 6 weeks, the locum at 8."
      />
      <Loaded state={list} what="Sessions at risk">
        {(sessions) =>
          sessions.length === 0 ? (
            <Empty>No pensionable session is near its deadline with a Form A unsigned or an invoice unpaid.</Empty>
          ) : (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Deadline</th>
                  <th scope="col">Session</th>
                  <th scope="col">Locum</th>
                  <th scope="col">Practice</th>
                  <th scope="col">Waiting for</th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => {
                  const left = daysTo(today, s.deadline);
                  return (
                    <tr key={s.timesheetId}>
                      <td data-label="Deadline">
                        {dateLabel(s.deadline)}{' '}
                        <Badge tone={left <= 7 ? 'bad' : 'warn'}>
                          {left === 0 ? 'today' : `${left} day${left === 1 ? '' : 's'} left`}
                        </Badge>
                      </td>
                      <td data-label="Session">{dateLabel(s.date)}</td>
                      <td data-label="Locum">{s.clinicianName}</td>
                      <td data-label="Practice">{practiceName(s.practiceId)}</td>
                      <td data-label="Waiting for">
                        {!s.invoiceId && 'Not yet invoiced: '}
                        {s.missing.map((m) => (m === 'form-a' ? 'Form A signature' : 'payment')).join(' and ')}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </>
  );
}
