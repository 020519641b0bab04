import './styles.css';
import { render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { configureApi, get } from './api';
import { AppContext, type AppContextValue, type Practice } from './app';
import {
  completeSignIn,
  loadConfig,
  type RuntimeConfig,
  type Session,
  savedSession,
  saveSession,
  strategyFor,
  type UserRole,
} from './auth';
import { AdminClinicians } from './pages/admin-clinicians';
import { AdminEscalations } from './pages/admin-escalations';
import { AdminPractices } from './pages/admin-practices';
import { ClinicianBookings } from './pages/clinician-bookings';
import { ClinicianOffers } from './pages/clinician-offers';
import { ClinicianProfile } from './pages/clinician-profile';
import { HrPayroll } from './pages/hr-payroll';
import { ManagerBoard } from './pages/manager-board';
import { ManagerBulkPost } from './pages/manager-bulk';
import { ManagerPostShift } from './pages/manager-post-shift';
import { ManagerRota } from './pages/manager-rota';
import { ManagerShift } from './pages/manager-shift';
import { ManagerTimesheets } from './pages/manager-timesheets';
import { Reports } from './pages/reports';
import { SignIn } from './pages/sign-in';
import { SmsSimulator } from './pages/sms-simulator';
import { href, match, navigate, useLocation } from './router';
import { Notice, PageHeader } from './ui';

interface NavItem {
  path: string;
  label: string;
}

const NAV: Record<UserRole, NavItem[]> = {
  manager: [
    { path: '/manager/rota', label: 'Rota' },
    { path: '/manager/shifts', label: 'Shifts' },
    { path: '/manager/post', label: 'Post a shift' },
    { path: '/manager/bulk', label: 'Post several' },
    { path: '/manager/timesheets', label: 'Timesheets' },
    { path: '/reports', label: 'Reports' },
  ],
  clinician: [
    { path: '/clinician/offers', label: 'Offers' },
    { path: '/clinician/bookings', label: 'My shifts' },
    { path: '/clinician/profile', label: 'Profile' },
  ],
  hr: [
    { path: '/hr/payroll', label: 'Payroll' },
    { path: '/reports', label: 'Reports' },
  ],
  admin: [
    { path: '/admin/clinicians', label: 'Clinicians' },
    { path: '/admin/practices', label: 'Practices' },
    { path: '/admin/escalations', label: 'Escalations' },
    { path: '/manager/rota', label: 'Rota' },
    { path: '/manager/shifts', label: 'Shifts' },
    { path: '/manager/timesheets', label: 'Timesheets' },
    { path: '/reports', label: 'Reports' },
  ],
};

const HOME: Record<UserRole, string> = {
  manager: '/manager/shifts',
  clinician: '/clinician/offers',
  hr: '/hr/payroll',
  admin: '/admin/clinicians',
};

const ROLE_NAMES: Record<UserRole, string> = {
  manager: 'Practice manager',
  clinician: 'Clinician',
  hr: 'HR and payroll',
  admin: 'Bank administrator',
};

interface RouteDef {
  pattern: string;
  roles: UserRole[] | 'any';
  render: (params: Record<string, string>) => preact.JSX.Element;
}

const ROUTES: RouteDef[] = [
  { pattern: '/manager/shifts', roles: ['manager', 'admin'], render: () => <ManagerBoard /> },
  { pattern: '/manager/post', roles: ['manager', 'admin'], render: () => <ManagerPostShift /> },
  { pattern: '/manager/rota', roles: ['manager', 'admin'], render: () => <ManagerRota /> },
  { pattern: '/manager/bulk', roles: ['manager', 'admin'], render: () => <ManagerBulkPost /> },
  { pattern: '/manager/shifts/:id', roles: ['manager', 'admin'], render: (p) => <ManagerShift id={p.id!} /> },
  { pattern: '/manager/timesheets', roles: ['manager', 'admin'], render: () => <ManagerTimesheets /> },
  { pattern: '/reports', roles: ['manager', 'admin', 'hr'], render: () => <Reports /> },
  { pattern: '/clinician/offers', roles: ['clinician'], render: () => <ClinicianOffers /> },
  { pattern: '/clinician/bookings', roles: ['clinician'], render: () => <ClinicianBookings /> },
  { pattern: '/clinician/profile', roles: ['clinician'], render: () => <ClinicianProfile /> },
  { pattern: '/hr/payroll', roles: ['hr', 'admin'], render: () => <HrPayroll /> },
  { pattern: '/admin/clinicians', roles: ['admin', 'manager'], render: () => <AdminClinicians /> },
  { pattern: '/admin/practices', roles: ['admin'], render: () => <AdminPractices /> },
  { pattern: '/admin/escalations', roles: ['admin'], render: () => <AdminEscalations /> },
];

function App({ config, signInError }: { config: RuntimeConfig; signInError?: string }) {
  const strategy = useMemo(() => strategyFor(config), [config]);
  const [session, setSession] = useState<Session | undefined>(savedSession);
  const [practices, setPractices] = useState<Practice[]>([]);
  const [practicesTick, setPracticesTick] = useState(0);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);

  const signOut = useCallback(() => {
    void strategy.signOut();
    saveSession(undefined);
    setSession(undefined);
    setPractices([]);
    navigate('/sign-in');
  }, [strategy]);

  // A lapsed or refused token: renew it if the sign-in can (Cognito's refresh token), else sign in again.
  // A page's requests fail together: one renewal answers them all.
  const renewing = useRef<Promise<void> | undefined>(undefined);
  const renew = useCallback(() => {
    renewing.current ??= (async () => {
      const current = savedSession();
      const fresh = current && strategy.refresh ? await strategy.refresh(current).catch(() => undefined) : undefined;
      if (!fresh) return signOut();
      saveSession(fresh);
      setSession(fresh);
    })().finally(() => {
      renewing.current = undefined;
    });
    return renewing.current;
  }, [strategy, signOut]);

  useEffect(() => {
    configureApi({ baseUrl: config.apiBaseUrl, token: session?.token, onUnauthenticated: () => void renew() });
  }, [config, session, renew]);

  useEffect(() => {
    if (!session?.expiresAt) return;
    const id = setTimeout(() => void renew(), Math.max(0, session.expiresAt - Date.now() - 60_000));
    return () => clearTimeout(id);
  }, [session, renew]);

  useEffect(() => {
    if (!session) return;
    get<{ practices: Practice[] }>('/practices').then(
      (r) => setPractices([...r.practices].sort((a, b) => a.name.localeCompare(b.name))),
      () => setPractices([]),
    );
  }, [session, practicesTick]);

  // Move focus to the new page's heading so screen readers announce it.
  useEffect(() => {
    const h1 = mainRef.current?.querySelector('h1');
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }, [location.path]);

  const value: AppContextValue = {
    config,
    strategy,
    signInError,
    session,
    me: session?.me,
    practices,
    practiceName: (id) => practices.find((p) => p.id === id)?.name ?? id,
    reloadPractices: () => setPracticesTick((t) => t + 1),
    signIn: (s) => {
      saveSession(s);
      setSession(s);
      navigate(HOME[s.me.role]);
    },
    signOut,
  };

  const me = session?.me;
  let page: preact.JSX.Element | undefined;
  let path = location.path;
  if (path === '/dev/sms') {
    page = config.devTools ? <SmsSimulator /> : undefined;
  } else if (!me || path === '/sign-in') {
    page = <SignIn />;
    path = '/sign-in';
  } else if (path === '/') {
    navigate(HOME[me.role], { replace: true });
  } else {
    for (const r of ROUTES) {
      const params = match(r.pattern, path);
      if (!params) continue;
      page =
        r.roles === 'any' || r.roles.includes(me.role) ? (
          r.render(params)
        ) : (
          <>
            <PageHeader title="Not for your role" />
            <Notice tone="warning" title="This page is for other roles">
              You are signed in as a {ROLE_NAMES[me.role].toLowerCase()}.{' '}
              <a href={href(HOME[me.role])}>Go to your home page</a>.
            </Notice>
          </>
        );
      break;
    }
  }
  page ??= (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at this address. <a href={href(me ? HOME[me.role] : '/sign-in')}>Go to the start</a>.
      </p>
    </>
  );

  const nav = me ? NAV[me.role] : [];
  return (
    <AppContext.Provider value={value}>
      <button type="button" class="skip-link" onClick={() => mainRef.current?.focus()}>
        Skip to main content
      </button>
      <header class="site-header">
        <div class="container header-inner">
          <a class="brand" href={href(me ? HOME[me.role] : '/sign-in')}>
            <span class="brand-mark" aria-hidden="true">
              RB
            </span>
            <span>Rota Bank</span>
          </a>
          {me && (
            <div class="account">
              <span class="account-name">
                {session?.name ?? me.email}
                <span class="account-role">{ROLE_NAMES[me.role]}</span>
              </span>
              <button type="button" class="button button-secondary button-small" onClick={signOut}>
                Sign out
              </button>
            </div>
          )}
        </div>
        {(nav.length > 0 || config.devTools) && (
          <nav class="site-nav" aria-label="Main">
            <ul class="container">
              {nav.map((n) => (
                <li key={n.path}>
                  <a
                    href={href(n.path)}
                    aria-current={path === n.path || path.startsWith(`${n.path}/`) ? 'page' : undefined}
                  >
                    {n.label}
                  </a>
                </li>
              ))}
              {!me && (
                <li>
                  <a href={href('/sign-in')} aria-current={path === '/sign-in' ? 'page' : undefined}>
                    Sign in
                  </a>
                </li>
              )}
              {config.devTools && (
                <li class="nav-dev">
                  <a href={href('/dev/sms')} aria-current={path === '/dev/sms' ? 'page' : undefined}>
                    Text simulator
                  </a>
                </li>
              )}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" class="container" ref={mainRef} tabIndex={-1}>
        {page}
      </main>
      <footer class="site-footer">
        <div class="container">
          Rota Bank · staff bank for GP practices · times are UK (London) time
          {config.auth.kind === 'local' && ' · local demo'}
        </div>
      </footer>
    </AppContext.Provider>
  );
}

const root = document.getElementById('app')!;
loadConfig().then(
  async (config) => {
    configureApi({ baseUrl: config.apiBaseUrl, token: savedSession()?.token });
    const returned = await completeSignIn(config);
    if (returned?.session) {
      saveSession(returned.session);
      navigate('/', { replace: true });
    }
    render(<App config={config} signInError={returned?.error} />, root);
  },
  (error: unknown) => {
    // A host whose configuration is broken must not fall back to the demo sign-in.
    render(
      <main id="main" class="container">
        <PageHeader title="Rota Bank cannot start" />
        <Notice tone="error" title="This site's configuration is not valid">
          {error instanceof Error ? error.message : String(error)}
        </Notice>
      </main>,
      root,
    );
  },
);
