import { useState } from 'preact/hooks';
import { ApiError, get, isNotAvailable, post } from '../api';
import { useApp } from '../app';
import { instantLabel, shiftWhen, timeOf, toLondonLocal } from '../format';
import { numberOrUndefined } from '../forms';
import type { Booking, Timesheet } from '../records';
import { href } from '../router';
import { Empty, Field, Loaded, messageOf, Notice, PageHeader, StatusBadge, useAsync } from '../ui';

/** The clinician's bookings: upcoming work, cancelling, and timesheets for what was worked. */
export function ClinicianBookings() {
  const { practiceName } = useApp();
  const bookings = useAsync(
    () =>
      get<{ bookings: Booking[] }>('/bookings?limit=200').then((r) =>
        [...r.bookings].sort((a, b) => a.start.localeCompare(b.start)),
      ),
    [],
  );
  const sheets = useAsync(
    () =>
      get<{ timesheets: Timesheet[] }>('/timesheets?limit=200')
        .then((r) => r.timesheets)
        .catch(() => [] as Timesheet[]),
    [],
  );

  return (
    <>
      <PageHeader title="My shifts" lead="Your bookings. After a shift, submit your timesheet here so you are paid." />
      <Loaded state={bookings} what="Bookings">
        {(list) => {
          const now = Date.now();
          const confirmed = list.filter((b) => b.status === 'confirmed');
          const upcoming = confirmed.filter((b) => Date.parse(b.start) > now);
          const worked = confirmed.filter((b) => Date.parse(b.start) <= now);
          const cancelled = list.filter((b) => b.status === 'cancelled');
          const sheetFor = (b: Booking) => sheets.data?.find((t) => t.bookingId === b.id);
          return list.length === 0 ? (
            <Empty>
              No bookings yet. <a href={href('/clinician/offers')}>See the shifts offered to you</a>.
            </Empty>
          ) : (
            <>
              <section aria-labelledby="upcoming-h">
                <h2 id="upcoming-h">Coming up</h2>
                {upcoming.length ? (
                  <ul class="stack">
                    {upcoming.map((b) => (
                      <BookingCard
                        key={b.id}
                        booking={b}
                        practice={practiceName(b.practiceId)}
                        onChange={bookings.reload}
                      />
                    ))}
                  </ul>
                ) : (
                  <Empty>Nothing booked ahead.</Empty>
                )}
              </section>
              {worked.length > 0 && (
                <section aria-labelledby="worked-h">
                  <h2 id="worked-h">Worked: timesheets</h2>
                  <ul class="stack">
                    {worked.map((b) => (
                      <BookingCard
                        key={b.id}
                        booking={b}
                        practice={practiceName(b.practiceId)}
                        timesheet={sheetFor(b)}
                        onChange={() => {
                          bookings.reload();
                          sheets.reload();
                        }}
                      />
                    ))}
                  </ul>
                </section>
              )}
              {cancelled.length > 0 && (
                <section aria-labelledby="cancelled-h">
                  <h2 id="cancelled-h">Cancelled</h2>
                  <ul class="stack">
                    {cancelled.map((b) => (
                      <BookingCard
                        key={b.id}
                        booking={b}
                        practice={practiceName(b.practiceId)}
                        onChange={bookings.reload}
                      />
                    ))}
                  </ul>
                </section>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function BookingCard(props: { booking: Booking; practice: string; timesheet?: Timesheet; onChange: () => void }) {
  const { booking: b, timesheet } = props;
  const started = Date.parse(b.start) <= Date.now();
  const localStart = b.shift?.localStart ?? toLondonLocal(b.start);
  const localEnd = b.shift?.localEnd ?? toLondonLocal(b.end);
  return (
    <li class="card">
      <div class="offer-head">
        <h3 class="card-title">{props.practice}</h3>
        <StatusBadge status={b.status} />
      </div>
      <p class="offer-when">{shiftWhen(localStart, localEnd)}</p>
      <p class="muted small">Booked {instantLabel(b.bookedAt)}</p>
      {b.status === 'confirmed' &&
        (started ? (
          timesheet ? (
            <p>
              Timesheet <StatusBadge status={timesheet.status} /> · {timeOf(toLondonLocal(timesheet.start))}–
              {timeOf(toLondonLocal(timesheet.end))}, {timesheet.breakMinutes} min break
            </p>
          ) : (
            <TimesheetForm booking={b} localStart={localStart} localEnd={localEnd} onDone={props.onChange} />
          )
        ) : (
          <CancelBooking booking={b} onDone={props.onChange} />
        ))}
    </li>
  );
}

function CancelBooking({ booking, onDone }: { booking: Booking; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const late = Date.parse(booking.start) - Date.now() < 48 * 3600_000;
  if (!open)
    return (
      <button type="button" class="button button-secondary button-small" onClick={() => setOpen(true)}>
        Cancel booking…
      </button>
    );
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        if (reason.trim().length < 3) return setError('Say briefly why, so the practice can plan');
        setBusy(true);
        try {
          await post(`/bookings/${booking.id}/cancel`, { reason: reason.trim() });
          onDone();
        } catch (err) {
          setError(isNotAvailable(err) ? 'Cancelling is not available yet.' : messageOf(err));
          setBusy(false);
        }
      }}
      noValidate
    >
      {late && (
        <Notice tone="warning" title="This is a late cancellation">
          The shift starts within 48 hours. Please also phone the practice.
        </Notice>
      )}
      <Field label="Reason for cancelling" error={error}>
        {(a) => <input {...a} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <div class="form-actions">
        <button type="submit" class="button button-warning" disabled={busy}>
          Cancel booking
        </button>
        <button type="button" class="button button-secondary" onClick={() => setOpen(false)}>
          Keep it
        </button>
      </div>
    </form>
  );
}

function TimesheetForm(props: { booking: Booking; localStart: string; localEnd: string; onDone: () => void }) {
  const [form, setForm] = useState({
    start: props.localStart,
    end: props.localEnd,
    breakMinutes: String(props.booking.shift?.breakMinutes ?? 0),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.currentTarget.value }));
  return (
    <form
      class="timesheet-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setFailure(undefined);
        try {
          await post<{ timesheet: Timesheet }>(`/bookings/${props.booking.id}/timesheet`, {
            start: form.start,
            end: form.end,
            breakMinutes: numberOrUndefined(form.breakMinutes) ?? 0,
          });
          props.onDone();
        } catch (err) {
          if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
          else if (err instanceof ApiError && err.code === 'SHIFT_NOT_STARTED')
            setFailure('You can submit this once the shift has started.');
          else if (err instanceof ApiError && err.code === 'TIMESHEET_EXISTS')
            setFailure('You have already submitted a timesheet for this shift.');
          else setFailure(isNotAvailable(err) ? 'Timesheets are not available yet.' : messageOf(err));
        }
        setBusy(false);
      }}
      noValidate
    >
      <h4>Submit your timesheet</h4>
      {failure && <Notice tone="error">{failure}</Notice>}
      <div class="form-grid form-grid-3">
        <Field label="Started" hint="UK time" error={errors.start}>
          {(a) => <input {...a} type="datetime-local" value={form.start} onInput={set('start')} />}
        </Field>
        <Field label="Finished" hint="UK time" error={errors.end}>
          {(a) => <input {...a} type="datetime-local" value={form.end} onInput={set('end')} />}
        </Field>
        <Field label="Break (minutes)" error={errors.breakMinutes}>
          {(a) => (
            <input {...a} type="number" min="0" step="5" value={form.breakMinutes} onInput={set('breakMinutes')} />
          )}
        </Field>
      </div>
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Submitting…' : 'Submit timesheet'}
      </button>
    </form>
  );
}
