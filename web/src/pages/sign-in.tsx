import { useMemo, useState } from 'preact/hooks';
import { get } from '../api';
import { useApp } from '../app';
import type { DemoUser } from '../records';
import { Field, Loaded, messageOf, Notice, PageHeader, useAsync } from '../ui';

const ROLE_ORDER: DemoUser['role'][] = ['manager', 'clinician', 'hr', 'admin'];
const ROLE_HEADINGS: Record<DemoUser['role'], string> = {
  manager: 'Practice managers',
  clinician: 'Clinicians',
  hr: 'HR and payroll',
  admin: 'Bank administrators',
};
const ORG_NAMES: Record<string, string> = {
  'org-somerset': 'South Somerset GP group',
  'org-quantock': 'Quantock Vale Health',
};

/** Local sign-in: pick one of the demo users. In AWS the Cognito strategy takes over. */
export function SignIn() {
  const { strategy, signIn, signInError } = useApp();
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string | undefined>(signInError);
  const users = useAsync(
    () => (strategy.kind === 'local' ? get<{ users: DemoUser[] }>('/dev/users') : Promise.resolve({ users: [] })),
    [strategy],
  );

  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = (users.data?.users ?? []).filter(
      (u) => !q || `${u.name} ${u.email} ${u.role}`.toLowerCase().includes(q),
    );
    // The biggest organisation (the main demo) first.
    const size = (org: string) => list.filter((u) => u.orgId === org).length;
    const orgs = [...new Set(list.map((u) => u.orgId))].sort((a, b) => size(b) - size(a));
    return orgs.map((orgId) => ({
      orgId,
      roles: ROLE_ORDER.map((role) => ({
        role,
        users: list.filter((u) => u.orgId === orgId && u.role === role).sort((a, b) => a.name.localeCompare(b.name)),
      })).filter((g) => g.users.length),
    }));
  }, [users.data, query]);

  const choose = async (user: DemoUser) => {
    setBusy(user.email);
    setError(undefined);
    try {
      const session = await strategy.signIn({ email: user.email });
      signIn({ ...session, name: session.name ?? user.name });
    } catch (e) {
      setError(messageOf(e));
      setBusy(undefined);
    }
  };

  if (strategy.kind !== 'local')
    return (
      <>
        <PageHeader
          title="Sign in to Rota Bank"
          lead="You will sign in on our secure sign-in page, then come straight back here."
        />
        {error && (
          <Notice tone="error" title="Could not sign in">
            {error}
          </Notice>
        )}
        <button
          type="button"
          class="button"
          disabled={busy !== undefined}
          onClick={() => {
            setBusy('cognito');
            strategy.signIn({}).catch((e) => {
              setError(messageOf(e));
              setBusy(undefined);
            });
          }}
        >
          {busy ? 'Going to the sign-in page…' : 'Sign in'}
        </button>
      </>
    );

  return (
    <>
      <PageHeader
        title="Sign in to Rota Bank"
        lead="This is the local demo: choose someone to sign in as. Each organisation sees only its own practices, clinicians and shifts."
      />
      {error && (
        <Notice tone="error" title="Could not sign in">
          {error}
        </Notice>
      )}
      <div class="search-bar">
        <Field label="Find a demo user" hint="Search by name, email or role">
          {(a) => (
            <input
              {...a}
              type="search"
              value={query}
              autoComplete="off"
              onInput={(e) => setQuery(e.currentTarget.value)}
            />
          )}
        </Field>
      </div>
      <Loaded state={users} what="Demo users">
        {() =>
          groups.length === 0 ? (
            <p class="empty">Nobody matches “{query}”.</p>
          ) : (
            groups.map((org) => (
              <section key={org.orgId} class="org-group" aria-labelledby={`org-${org.orgId}`}>
                <h2 id={`org-${org.orgId}`}>{ORG_NAMES[org.orgId] ?? org.orgId}</h2>
                {org.roles.map((g) => (
                  <div key={g.role} class="user-group">
                    <h3>
                      {ROLE_HEADINGS[g.role]} <span class="count">({g.users.length})</span>
                    </h3>
                    <ul class={`user-list${g.role === 'clinician' && !query ? ' user-list-long' : ''}`}>
                      {g.users.slice(0, g.role === 'clinician' && !query ? 12 : 60).map((u) => (
                        <li key={u.id}>
                          <button
                            type="button"
                            class="user-choice"
                            onClick={() => choose(u)}
                            disabled={busy !== undefined}
                          >
                            <span class="user-name">{u.name}</span>
                            <span class="user-email">{u.email}</span>
                            {busy === u.email && <span class="user-busy">Signing in…</span>}
                          </button>
                        </li>
                      ))}
                    </ul>
                    {g.role === 'clinician' && !query && g.users.length > 12 && (
                      <p class="hint">Showing 12 of {g.users.length}: search to find the others.</p>
                    )}
                  </div>
                ))}
              </section>
            ))
          )
        }
      </Loaded>
    </>
  );
}
