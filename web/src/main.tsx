import './styles.css';
import { type ComponentType, Fragment, render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { configureApi, getAll } from './api';
import { AppContext, type AppContextValue, type Practice } from './app';
import {
  completeSignIn,
  keepSessionsFor,
  loadConfig,
  type RuntimeConfig,
  type Session,
  savedSession,
  saveSession,
  strategyFor,
  type UserRole,
} from './auth';
import { followRuntimeClock } from './clock';
import { dateLabel, londonToday } from './format';
import { currentLocation, href, match, navigate, useLocation } from './router';
import { Loading, Notice, PageHeader } from './ui';

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
    { path: '/manager/invoices', label: 'Invoices' },
    { path: '/reports', label: 'Reports' },
  ],
  clinician: [
    { path: '/clinician/offers', label: 'Offers' },
    { path: '/clinician/bookings', label: 'My shifts' },
    { path: '/clinician/pay', label: 'My pay' },
    { path: '/clinician/profile', label: 'Profile' },
    { path: '/clinician/documents', label: 'Documents' },
  ],
  hr: [
    { path: '/hr/payroll', label: 'Payroll' },
    { path: '/admin/clinicians', label: 'Clinicians' },
    { path: '/hr/at-risk', label: 'At risk' },
    { path: '/hr/invites', label: 'Invites' },
    { path: '/hr/pension', label: 'Pension at risk' },
    { path: '/reports', label: 'Reports' },
  ],
  admin: [
    { path: '/admin/clinicians', label: 'Clinicians' },
    { path: '/admin/practices', label: 'Practices' },
    { path: '/admin/escalations', label: 'Escalations' },
    { path: '/hr/at-risk', label: 'At risk' },
    { path: '/hr/invites', label: 'Invites' },
    { path: '/manager/invoices', label: 'Invoices' },
    { path: '/hr/pension', label: 'Pension' },
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

/** A page's props come from its route's parameters. */
type Page = ComponentType<Record<string, string>>;

/**
 * A page's code, fetched the first time it is shown: each role downloads only
 * the pages it opens, and the form schemas (zod, libphonenumber) only with the
 * forms that check them. esbuild splits each `import()` into its own chunk.
 */
interface LazyPage {
  load: () => Promise<Page>;
  component?: Page;
  pending?: Promise<Page>;
}

const lazyPage = (load: () => Promise<Page>): LazyPage => ({ load });

function fetchPage(page: LazyPage): Promise<Page> {
  page.pending ??= page.load().then(
    (component) => (page.component = component),
    (err: unknown) => {
      // A failed fetch (offline, or a deploy replaced the chunk) may be retried on the next visit.
      page.pending = undefined;
      throw err;
    },
  );
  return page.pending;
}

const PAGES = {
  signIn: lazyPage(() => import('./pages/sign-in').then((m) => m.SignIn)),
  smsSimulator: lazyPage(() => import('./pages/sms-simulator').then((m) => m.SmsSimulator)),
  managerBoard: lazyPage(() => import('./pages/manager-board').then((m) => m.ManagerBoard)),
  managerPostShift: lazyPage(() => import('./pages/manager-post-shift').then((m) => m.ManagerPostShift)),
  managerRota: lazyPage(() => import('./pages/manager-rota').then((m) => m.ManagerRota)),
  managerBulkPost: lazyPage(() => import('./pages/manager-bulk').then((m) => m.ManagerBulkPost)),
  managerShift: lazyPage(() =>
    // Its route always passes `id`.
    import('./pages/manager-shift').then((m) => m.ManagerShift as Page),
  ),
  managerTimesheets: lazyPage(() => import('./pages/manager-timesheets').then((m) => m.ManagerTimesheets)),
  reports: lazyPage(() => import('./pages/reports').then((m) => m.Reports)),
  clinicianOffers: lazyPage(() => import('./pages/clinician-offers').then((m) => m.ClinicianOffers)),
  clinicianBookings: lazyPage(() => import('./pages/clinician-bookings').then((m) => m.ClinicianBookings)),
  clinicianProfile: lazyPage(() => import('./pages/clinician-profile').then((m) => m.ClinicianProfile)),
  hrPayroll: lazyPage(() => import('./pages/hr-payroll').then((m) => m.HrPayroll)),
  hrPension: lazyPage(() => import('./pages/hr-pension').then((m) => m.HrPension)),
  clinicianPay: lazyPage(() => import('./pages/clinician-pay').then((m) => m.ClinicianPay)),
  managerInvoices: lazyPage(() => import('./pages/manager-invoices').then((m) => m.ManagerInvoices)),
  adminClinicians: lazyPage(() => import('./pages/admin-clinicians').then((m) => m.AdminClinicians)),
  adminClinician: lazyPage(() => import('./pages/admin-clinician').then((m) => m.AdminClinician as Page)),
  adminDocuments: lazyPage(() => import('./pages/admin-documents').then((m) => m.AdminDocuments as Page)),
  adminPractices: lazyPage(() => import('./pages/admin-practices').then((m) => m.AdminPractices)),
  adminEscalations: lazyPage(() => import('./pages/admin-escalations').then((m) => m.AdminEscalations)),
  complianceAtRisk: lazyPage(() => import('./pages/compliance-at-risk').then((m) => m.ComplianceAtRisk)),
  hrInvites: lazyPage(() => import('./pages/hr-invites').then((m) => m.HrInvites)),
  clinicianDocuments: lazyPage(() => import('./pages/clinician-documents').then((m) => m.ClinicianDocuments)),
  // Its route always passes `token`.
  join: lazyPage(() => import('./pages/join').then((m) => m.Join as Page)),
};

interface RouteDef {
  pattern: string;
  roles: UserRole[] | 'any';
  page: LazyPage;
  props?: (params: Record<string, string>) => Record<string, string>;
}

const ROUTES: RouteDef[] = [
  { pattern: '/manager/shifts', roles: ['manager', 'admin'], page: PAGES.managerBoard },
  { pattern: '/manager/post', roles: ['manager', 'admin'], page: PAGES.managerPostShift },
  { pattern: '/manager/rota', roles: ['manager', 'admin'], page: PAGES.managerRota },
  { pattern: '/manager/bulk', roles: ['manager', 'admin'], page: PAGES.managerBulkPost },
  {
    pattern: '/manager/shifts/:id',
    roles: ['manager', 'admin'],
    page: PAGES.managerShift,
    props: (p) => ({ id: p.id! }),
  },
  { pattern: '/manager/timesheets', roles: ['manager', 'admin'], page: PAGES.managerTimesheets },
  { pattern: '/reports', roles: ['manager', 'admin', 'hr'], page: PAGES.reports },
  { pattern: '/clinician/offers', roles: ['clinician'], page: PAGES.clinicianOffers },
  { pattern: '/clinician/bookings', roles: ['clinician'], page: PAGES.clinicianBookings },
  { pattern: '/clinician/profile', roles: ['clinician'], page: PAGES.clinicianProfile },
  { pattern: '/hr/payroll', roles: ['hr', 'admin'], page: PAGES.hrPayroll },
  { pattern: '/admin/clinicians', roles: ['admin', 'manager', 'hr'], page: PAGES.adminClinicians },
  { pattern: '/admin/clinicians/new', roles: ['admin'], page: PAGES.adminClinician },
  {
    pattern: '/admin/clinicians/:id',
    roles: ['admin'],
    page: PAGES.adminClinician,
    props: (p) => ({ id: p.id! }),
  },
  {
    pattern: '/admin/clinicians/:id/documents',
    roles: ['admin', 'hr'],
    page: PAGES.adminDocuments,
    props: (p) => ({ id: p.id! }),
  },
  {
    pattern: '/admin/clinicians/:id/documents/:docId',
    roles: ['admin', 'hr'],
    page: PAGES.adminDocuments,
    props: (p) => ({ id: p.id!, docId: p.docId! }),
  },
  { pattern: '/hr/pension', roles: ['hr', 'admin'], page: PAGES.hrPension },
  { pattern: '/clinician/pay', roles: ['clinician'], page: PAGES.clinicianPay },
  { pattern: '/manager/invoices', roles: ['manager', 'admin'], page: PAGES.managerInvoices },
  { pattern: '/admin/clinicians', roles: ['admin', 'manager'], page: PAGES.adminClinicians },
  { pattern: '/admin/practices', roles: ['admin'], page: PAGES.adminPractices },
  { pattern: '/admin/escalations', roles: ['admin'], page: PAGES.adminEscalations },
  { pattern: '/hr/at-risk', roles: ['hr', 'admin', 'manager'], page: PAGES.complianceAtRisk },
  { pattern: '/hr/invites', roles: ['hr', 'admin'], page: PAGES.hrInvites },
  { pattern: '/clinician/documents', roles: ['clinician'], page: PAGES.clinicianDocuments },
];

/** Opened by someone not signed in yet: an invitation link. */
const JOIN = '/join/:token';

function App({ config, signInError }: { config: RuntimeConfig; signInError?: string }) {
  const strategy = useMemo(() => strategyFor(config), [config]);
  const [session, setSession] = useState<Session | undefined>(savedSession);
  const [practices, setPractices] = useState<Practice[]>([]);
  const [practicesTick, setPracticesTick] = useState(0);
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const [, setPagesLoaded] = useState(0);
  const [pageFailed, setPageFailed] = useState<LazyPage | undefined>(undefined);
  // Bumped when the runtime's clock was moved since the page was drawn: the page is drawn afresh for the new today.
  const [clockEpoch, setClockEpoch] = useState(0);

  useEffect(() => {
    if (!config.devTools) return;
    const check = () =>
      void followRuntimeClock().then((moved) => {
        if (moved) setClockEpoch((n) => n + 1);
      });
    check();
    window.addEventListener('focus', check);
    const id = setInterval(check, 15_000);
    return () => {
      window.removeEventListener('focus', check);
      clearInterval(id);
    };
  }, [config, location.path]);

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
    getAll<Practice>('/practices', 'practices').then(
      (practices) => setPractices([...practices].sort((a, b) => a.name.localeCompare(b.name))),
      () => setPractices([]),
    );
  }, [session, practicesTick]);

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
  let shown: { lazy: LazyPage; props: Record<string, string> } | undefined;
  let path = location.path;
  const joining = match(JOIN, path);
  if (path === '/dev/sms') {
    if (config.devTools) shown = { lazy: PAGES.smsSimulator, props: {} };
  } else if (joining) {
    shown = { lazy: PAGES.join, props: { token: joining.token! } };
  } else if (!me || path === '/sign-in') {
    shown = { lazy: PAGES.signIn, props: {} };
    path = '/sign-in';
  } else if (path === '/') {
    navigate(HOME[me.role], { replace: true });
  } else {
    for (const r of ROUTES) {
      const params = match(r.pattern, path);
      if (!params) continue;
      if (r.roles === 'any' || r.roles.includes(me.role)) {
        shown = { lazy: r.page, props: r.props?.(params) ?? {} };
      } else {
        page = (
          <>
            <PageHeader title="Not for your role" />
            <Notice tone="warning" title="This page is for other roles">
              You are signed in as a {ROLE_NAMES[me.role].toLowerCase()}.{' '}
              <a href={href(HOME[me.role])}>Go to your home page</a>.
            </Notice>
          </>
        );
      }
      break;
    }
  }
  const waitingFor = shown && !shown.lazy.component ? shown.lazy : undefined;
  if (shown?.lazy.component) {
    const Page = shown.lazy.component;
    page = <Page {...shown.props} />;
  } else if (shown && pageFailed === shown.lazy) {
    page = (
      <>
        <PageHeader title="This page could not load" />
        <Notice tone="error" title="Could not fetch this page">
          Check your connection, then{' '}
          <button type="button" class="button button-secondary button-small" onClick={() => window.location.reload()}>
            reload Rota Bank
          </button>
        </Notice>
      </>
    );
  } else if (shown) {
    page = <Loading what="the page" />;
  }

  useEffect(() => {
    if (!waitingFor) return;
    let live = true;
    setPageFailed(undefined);
    fetchPage(waitingFor).then(
      () => live && setPagesLoaded((n) => n + 1),
      () => live && setPageFailed(waitingFor),
    );
    return () => {
      live = false;
    };
  }, [waitingFor]);

  // Move focus to the new page's heading so screen readers announce it
  // (once its code has arrived: a page fetched on first visit has no heading before).
  useEffect(() => {
    const h1 = mainRef.current?.querySelector('h1');
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }, [location.path, waitingFor]);

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
        <Fragment key={clockEpoch}>{page}</Fragment>
      </main>
      <footer class="site-footer">
        <div class="container">
          Rota Bank · staff bank for GP practices · times are UK (London) time
          {config.auth.kind === 'local' && ' · local demo'}
          {config.devTools && <span data-testid="app-today"> · today is {dateLabel(londonToday())}</span>}
        </div>
      </footer>
    </AppContext.Provider>
  );
}

/** The page the app will open with, fetched alongside the configuration rather than after it. */
function firstPage(): LazyPage | undefined {
  const role = savedSession()?.me.role;
  const path = currentLocation().path;
  if (path === '/dev/sms') return PAGES.smsSimulator;
  if (match(JOIN, path)) return PAGES.join;
  if (!role || path === '/sign-in') return PAGES.signIn;
  const target = path === '/' ? HOME[role] : path;
  const route = ROUTES.find((r) => match(r.pattern, target) && (r.roles === 'any' || r.roles.includes(role)));
  return route?.page;
}

const root = document.getElementById('app')!;
const opening = firstPage();
const openingFetched = opening ? fetchPage(opening).catch(() => undefined) : undefined;
loadConfig().then(
  async (config) => {
    // Rendering once the first page's code is here spares a flash of "Loading" (and the layout shift after it).
    await openingFetched;
    keepSessionsFor(config);
    configureApi({ baseUrl: config.apiBaseUrl, token: savedSession()?.token });
    // The first page drawn already says the runtime's today.
    if (config.devTools) await followRuntimeClock();
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
