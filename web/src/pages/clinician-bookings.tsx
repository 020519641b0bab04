import { useState } from 'preact/hooks';
import { ApiError, get, isNotAvailable, patch, post } from '../api';
import { useApp } from '../app';
import type { Me } from '../auth';
import { appNow } from '../clock';
import { instantLabel, pounds, shiftWhen, timeOf, toLondonLocal } from '../format';
import { numberOrUndefined } from '../forms';
import { OnTheDay } from '../on-the-day';
import type { Booking, Shift, Timesheet } from '../records';
import { href } from '../router';
import { Empty, Field, Loaded, messageOf, Notice, PageHeader, StatusBadge, useAsync } from '../ui';

/** The clinician's bookings: upcoming work, cancelling, and timesheets for what was worked. */
export function ClinicianBookings() {
  const { practiceName, me } = useApp();
  // Read afresh: the organisation may have changed its notice period since this session signed in.
  const terms = useAsync(() => get<Me>('/me').then((m) => m.cancellationTerms), []);
  const lateHours = terms.data?.lateCancellationHours ?? me?.cancellationTerms?.lateCancellationHours;
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
          const now = appNow().getTime();
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
                        lateHours={lateHours}
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

function BookingCard(props: {
  booking: Booking;
  practice: string;
  timesheet?: Timesheet;
  /** The organisation's late-cancellation window, once known. */
  lateHours?: number;
  onChange: () => void;
}) {
  const { booking: b, timesheet } = props;
  const started = Date.parse(b.start) <= appNow().getTime();
  const localStart = b.localStart ?? b.shift?.localStart ?? toLondonLocal(b.start);
  const localEnd = b.localEnd ?? b.shift?.localEnd ?? toLondonLocal(b.end);
  return (
    <li class="card">
      <div class="offer-head">
        <h3 class="card-title">{props.practice}</h3>
        <StatusBadge status={b.status} />
      </div>
      <p class="offer-when">{shiftWhen(localStart, localEnd)}</p>
      {b.status === 'confirmed' && <OnTheDay practice={b.practice} totalPence={b.totalPence} />}
      <p class="muted small">Booked {instantLabel(b.bookedAt)}</p>
      {b.status === 'cancelled' && b.cancelReason && (
        <p class="small">
          Cancelled{b.cancelledAt ? ` ${instantLabel(b.cancelledAt)}` : ''}: {b.cancelReason}
        </p>
      )}
      {b.status === 'confirmed' &&
        (started ? (
          timesheet ? (
            <SubmittedTimesheet timesheet={timesheet} onChange={props.onChange} />
          ) : (
            <TimesheetForm booking={b} localStart={localStart} localEnd={localEnd} onDone={props.onChange} />
          )
        ) : (
          <CancelBooking booking={b} lateHours={props.lateHours} onDone={props.onChange} />
        ))}
    </li>
  );
}

function CancelBooking({ booking, lateHours, onDone }: { booking: Booking; lateHours?: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const late = lateHours !== undefined && Date.parse(booking.start) - appNow().getTime() < lateHours * 3600_000;
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
          The shift starts within {lateHours} hours, so cancelling now counts as late on your record. Please also phone
          the practice.
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

/** A timesheet already sent: what the practice said about it, and a way to correct it while it is not approved. */
function SubmittedTimesheet({ timesheet: t, onChange }: { timesheet: Timesheet; onChange: () => void }) {
  const [editing, setEditing] = useState(false);
  const correctable = t.status === 'submitted' || t.status === 'queried' || t.status === 'rejected';
  return (
    <div class="timesheet-summary">
      <p>
        Timesheet <StatusBadge status={t.status} /> · {timeOf(toLondonLocal(t.start))}–{timeOf(toLondonLocal(t.end))},{' '}
        {t.breakMinutes} min break
        {t.totalPence !== undefined && <> · {pounds(t.totalPence)}</>}
      </p>
      {t.status === 'queried' && t.queryNote && (
        <Notice tone="warning" title="The practice has a query">
          {t.queryNote}
        </Notice>
      )}
      {t.status === 'rejected' && t.rejectReason && (
        <Notice tone="error" title="The practice rejected this timesheet">
          {t.rejectReason}
        </Notice>
      )}
      {t.amendment && <p class="muted small">Amended by the practice: {t.amendment.note}</p>}
      {correctable &&
        (editing ? (
          <TimesheetFields
            title={t.status === 'submitted' ? 'Change your timesheet' : 'Correct and resubmit'}
            initial={{
              start: toLondonLocal(t.start),
              end: toLondonLocal(t.end),
              breakMinutes: String(t.breakMinutes),
              mileageMiles: t.mileageMiles === undefined ? '' : String(t.mileageMiles),
              note: t.note ?? '',
            }}
            action={t.status === 'submitted' ? 'Save changes' : 'Resubmit timesheet'}
            send={(body) => patch(`/timesheets/${t.id}`, body)}
            onDone={onChange}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <button type="button" class="button button-secondary button-small" onClick={() => setEditing(true)}>
            {t.status === 'submitted' ? 'Change…' : 'Correct and resubmit…'}
          </button>
        ))}
    </div>
  );
}

/** Starts from the booking: its times and the shift's break, which the clinician changes only if they differ. */
function TimesheetForm(props: { booking: Booking; localStart: string; localEnd: string; onDone: () => void }) {
  const shift = useAsync(
    () =>
      props.booking.shift
        ? Promise.resolve(props.booking.shift)
        : get<{ shift: Shift }>(`/shifts/${props.booking.shiftId}`).then((r) => r.shift),
    [props.booking.id],
  );
  if (shift.loading) return <p class="muted">Loading the booked times…</p>;
  return (
    <TimesheetFields
      title="Submit your timesheet"
      initial={{
        start: props.localStart,
        end: props.localEnd,
        breakMinutes: String(shift.data?.breakMinutes ?? props.booking.breakMinutes ?? 0),
        mileageMiles: '',
        note: '',
      }}
      action="Submit timesheet"
      send={(body) => post(`/bookings/${props.booking.id}/timesheet`, body)}
      onDone={props.onDone}
    />
  );
}

interface TimesheetFormValues {
  start: string;
  end: string;
  breakMinutes: string;
  mileageMiles: string;
  note: string;
}

function TimesheetFields(props: {
  title: string;
  initial: TimesheetFormValues;
  action: string;
  send: (body: Record<string, unknown>) => Promise<unknown>;
  onDone: () => void;
  onCancel?: () => void;
}) {
  const [form, setForm] = useState(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof TimesheetFormValues) => (e: { currentTarget: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.currentTarget.value }));
  return (
    <form
      class="timesheet-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setFailure(undefined);
        setErrors({});
        try {
          const miles = numberOrUndefined(form.mileageMiles);
          await props.send({
            start: form.start,
            end: form.end,
            breakMinutes: numberOrUndefined(form.breakMinutes) ?? 0,
            ...(miles === undefined ? {} : { mileageMiles: miles }),
            ...(form.note.trim() ? { note: form.note.trim() } : {}),
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
      <h4>{props.title}</h4>
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
        <Field label="Mileage (miles)" hint="Paid at 45p a mile" error={errors.mileageMiles}>
          {(a) => (
            <input {...a} type="number" min="0" step="0.1" value={form.mileageMiles} onInput={set('mileageMiles')} />
          )}
        </Field>
        <Field label="Note for the practice" hint="Optional" error={errors.note}>
          {(a) => <input {...a} value={form.note} onInput={set('note')} />}
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Sending…' : props.action}
        </button>
        {props.onCancel && (
          <button type="button" class="button button-secondary" onClick={props.onCancel}>
            Back
          </button>
        )}
      </div>
    </form>
  );
}
