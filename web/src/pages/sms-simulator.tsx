import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, get, isNotAvailable, post } from '../api';
import { appNow } from '../clock';
import { instantLabel, timeOf, toLondonLocal } from '../format';
import type { Clinician, DemoUser, OutboxMessage } from '../records';
import { Field, Loaded, messageOf, Notice, PageHeader, useAsync, useInterval } from '../ui';

interface Sent {
  id: string;
  body: string;
  at: string;
}

/** The phone number of a demo clinician, read with their own sign-in (nothing here is stored). */
async function phoneOf(user: DemoUser): Promise<string> {
  const { token } = await api<{ token: string }>('POST', '/dev/login', { email: user.email }, { token: '' });
  const { clinician } = await api<{ clinician: Clinician }>('GET', `/clinicians/${user.clinicianId}`, undefined, {
    token,
  });
  return clinician.phone;
}

/**
 * Local only: a pretend phone. Send a text as a clinician would (it goes to
 * the same handler as the carrier's inbound SNS topic in AWS) and read what
 * was texted back to that number.
 */
export function SmsSimulator() {
  const users = useAsync(
    () =>
      get<{ users: DemoUser[] }>('/dev/users').then((r) =>
        r.users.filter((u) => u.role === 'clinician').sort((a, b) => a.name.localeCompare(b.name)),
      ),
    [],
  );
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState('');
  const [phone, setPhone] = useState('');
  const [lookup, setLookup] = useState<string>();

  const choose = async (email: string) => {
    setChosen(email);
    setLookup(undefined);
    const user = users.data?.find((u) => u.email === email);
    if (!user) return;
    try {
      setPhone(await phoneOf(user));
    } catch (e) {
      setLookup(messageOf(e));
    }
  };

  const visible = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (users.data ?? []).filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.includes(q));
  }, [users.data, filter]);

  return (
    <>
      <PageHeader
        title="Text message simulator"
        lead="Local demo only. Be a clinician’s phone: read the offers texted to them and reply, e.g. YES 4821."
      />
      <div class="two-col sim">
        <section class="card" aria-labelledby="who-h">
          <h2 id="who-h">Whose phone?</h2>
          <Loaded state={users} what="Clinicians">
            {() => (
              <>
                <Field label="Find a clinician">
                  {(a) => (
                    <input {...a} type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
                  )}
                </Field>
                <Field label="Clinician" hint={`${visible.length} shown`}>
                  {(a) => (
                    <select {...a} name="clinician" value={chosen} onChange={(e) => choose(e.currentTarget.value)}>
                      <option value="">Choose a clinician</option>
                      {visible.slice(0, 300).map((u) => (
                        <option key={u.id} value={u.email}>
                          {u.name} ({u.orgId === 'org-somerset' ? 'Somerset' : 'Quantock'})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </>
            )}
          </Loaded>
          <Field label="Phone number" hint="Or type any number, e.g. one the bank does not know" error={lookup}>
            {(a) => (
              <input
                {...a}
                name="phone"
                type="tel"
                value={phone}
                onInput={(e) => setPhone(e.currentTarget.value.trim())}
              />
            )}
          </Field>
        </section>
        {phone ? <Phone key={phone} phone={phone} /> : <p class="empty">Choose a clinician to see their phone.</p>}
      </div>
    </>
  );
}

function Phone({ phone }: { phone: string }) {
  const inbox = useAsync(
    () => get<{ messages: OutboxMessage[] }>(`/dev/outbox?to=${encodeURIComponent(phone)}`).then((r) => r.messages),
    [phone],
  );
  useInterval(inbox.reload, 2000);
  const [sent, setSent] = useState<Sent[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const end = useRef<HTMLLIElement>(null);

  const sms = (inbox.data ?? []).filter((m) => m.channel === 'sms');
  const thread = useMemo(
    () =>
      [
        ...sms.map((m) => ({ id: m.id, at: m.at, body: m.body, mine: false, kind: m.kind })),
        ...sent.map((s) => ({ ...s, mine: true, kind: 'sent' })),
      ].sort((a, b) => a.at.localeCompare(b.at)),
    [sms.length, sent.length],
  );
  const lastCode = useMemo(() => {
    for (let i = sms.length - 1; i >= 0; i--) {
      const m = /YES\s*(\w{3,8})/i.exec(sms[i]!.body);
      if (m) return m[1];
    }
    return undefined;
  }, [sms.length]);

  useEffect(() => end.current?.scrollIntoView({ block: 'nearest' }), [thread.length]);

  const send = async (body: string) => {
    if (!body.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await post('/dev/sms/inbound', { from: phone, body });
      setSent((s) => [...s, { id: `sent-${s.length}`, body, at: appNow().toISOString() }]);
      setText('');
      setTimeout(inbox.reload, 300);
    } catch (e) {
      setError(isNotAvailable(e) ? 'Inbound texts are not wired up yet in this runtime.' : messageOf(e));
    }
    setBusy(false);
  };

  return (
    <section class="card phone" aria-labelledby="phone-h">
      <h2 id="phone-h">Messages with {phone}</h2>
      {/* A long conversation scrolls inside the phone, so it must be reachable from the keyboard
          (WCAG 2.1.1; axe's scrollable-region-focusable), which is what the tab stop is for. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region needs a tab stop to scroll by keyboard */}
      <ol class="thread" aria-live="polite" aria-label="Conversation" tabIndex={0}>
        {thread.length === 0 && <li class="empty">No texts to or from this number yet.</li>}
        {thread.map((m) => (
          <li key={m.id} class={`bubble ${m.mine ? 'bubble-mine' : 'bubble-theirs'}`}>
            <span class="visually-hidden">{m.mine ? 'You sent:' : 'Rota Bank sent:'}</span>
            <span class="bubble-body">{m.body}</span>
            <span class="bubble-meta" title={instantLabel(m.at)}>
              {timeOf(toLondonLocal(m.at))}
            </span>
          </li>
        ))}
        <li ref={end} aria-hidden="true" class="thread-end" />
      </ol>
      {error && <Notice tone="error">{error}</Notice>}
      <fieldset class="quick-replies">
        <legend class="visually-hidden">Quick replies</legend>
        {lastCode && (
          <button type="button" class="button button-small" disabled={busy} onClick={() => send(`YES ${lastCode}`)}>
            YES {lastCode}
          </button>
        )}
        {['SHIFTS', 'HELP', 'STOP', 'START'].map((w) => (
          <button
            key={w}
            type="button"
            class="button button-secondary button-small"
            disabled={busy}
            onClick={() => send(w)}
          >
            {w}
          </button>
        ))}
      </fieldset>
      <form
        class="compose"
        onSubmit={(e) => {
          e.preventDefault();
          void send(text);
        }}
      >
        <Field label="Text message">
          {(a) => (
            <input
              {...a}
              name="body"
              value={text}
              maxLength={160}
              autoComplete="off"
              onInput={(e) => setText(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button" disabled={busy || !text.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
