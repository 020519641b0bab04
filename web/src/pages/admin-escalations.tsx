import { useState } from 'preact/hooks';
import { get, getAll, post } from '../api';
import { useApp } from '../app';
import { instantLabel, pounds, roleLabel, shiftWhen } from '../format';
import type { Shift } from '../records';
import { href } from '../router';
import { Empty, Loaded, messageOf, Notice, PageHeader, useAsync } from '../ui';

interface Escalation {
  id: string;
  shiftId: string;
  practiceId: string;
  role: string;
  status: 'pending' | 'approved' | 'rejected';
  fromPence: number;
  toPence: number;
  capPence: number;
  reason: string;
  requestedBy: string;
  requestedAt: string;
}

/** When the shift is: how close it is decides how much a raise is worth. */
function ShiftWhen({ id }: { id: string }) {
  const shift = useAsync(() => get<{ shift: Shift }>(`/shifts/${id}`).then((r) => r.shift), [id]);
  return shift.data ? <p class="offer-when">{shiftWhen(shift.data.localStart, shift.data.localEnd)}</p> : null;
}

/** Raises above a practice's cap, waiting for an admin to approve or reject them. */
export function AdminEscalations() {
  const { practiceName } = useApp();
  const list = useAsync(() => getAll<Escalation>('/escalations?status=pending', 'escalations'), []);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState<string>();
  const decide = async (e: Escalation, decision: 'approve' | 'reject') => {
    setBusy(e.id);
    setNotice(undefined);
    try {
      await post(`/escalations/${e.id}/${decision}`, {});
      setNotice({
        tone: 'success',
        text:
          decision === 'approve'
            ? `Approved: the shift now pays ${pounds(e.toPence)} an hour and its offerees have been told.`
            : 'Rejected: the rate stays as it was.',
      });
      list.reload();
    } catch (err) {
      setNotice({ tone: 'error', text: messageOf(err) });
    }
    setBusy(undefined);
  };
  return (
    <>
      <PageHeader title="Rate escalations" lead="Raises above a practice's cap wait here for an admin." />
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      <Loaded state={list} what="Escalations">
        {(items) =>
          items.length === 0 ? (
            <Empty>No raises are waiting.</Empty>
          ) : (
            <ul class="stack">
              {items.map((e) => (
                <li key={e.id} class="card">
                  <h2>
                    <a href={href(`/manager/shifts/${e.shiftId}`)}>
                      {roleLabel(e.role)} at {practiceName(e.practiceId)}
                    </a>
                  </h2>
                  <ShiftWhen id={e.shiftId} />
                  <p>
                    {pounds(e.fromPence)} → <strong>{pounds(e.toPence)}</strong> an hour (cap {pounds(e.capPence)})
                  </p>
                  <p>
                    “{e.reason}” · asked {instantLabel(e.requestedAt)}
                  </p>
                  <div class="form-actions">
                    <button type="button" class="button" disabled={busy === e.id} onClick={() => decide(e, 'approve')}>
                      Approve
                    </button>
                    <button
                      type="button"
                      class="button button-secondary"
                      disabled={busy === e.id}
                      onClick={() => decide(e, 'reject')}
                    >
                      Reject
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
