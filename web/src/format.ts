/** Display helpers: London wall clock, pounds from pence, the domain's labels. */
import { appNow } from './clock';

const LONDON = 'Europe/London';

export const ROLE_LABELS: Record<string, string> = {
  gp: 'GP',
  anp: 'Advanced nurse practitioner',
  'practice-nurse': 'Practice nurse',
  hca: 'Healthcare assistant',
  paramedic: 'Paramedic',
  pharmacist: 'Pharmacist',
  'msk-practitioner': 'MSK practitioner',
  'health-coach': 'Health coach',
  phlebotomist: 'Phlebotomist',
};
export const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;

export const SKILLS = [
  'cervical-screening',
  'childhood-immunisations',
  'travel-vaccines',
  'diabetes-review',
  'asthma-copd-review',
  'minor-surgery',
  'joint-injections',
  'spirometry',
  'ecg',
  'independent-prescriber',
  'home-visits',
  'coil-fitting',
  'minor-illness',
  'phlebotomy',
  'medication-review',
  'first-contact-msk',
];
export const skillLabel = (slug: string) => {
  const words = slug.replace(/-/g, ' ');
  const sentence = words.charAt(0).toUpperCase() + words.slice(1);
  return sentence.replace(/\b(ecg|copd|msk)\b/gi, (w) => w.toUpperCase());
};

export const EXCLUSION_LABELS: Record<string, string> = {
  ROLE: 'Does not hold the role',
  SKILLS: 'Missing a required skill',
  DISTANCE: 'Too far to travel',
  COMPLIANCE: 'Compliance lapsed',
  AVAILABILITY: 'Not available then',
  CLASH: 'Already booked then',
  REST: 'Would break 11 hours’ rest',
  WEEKLY_HOURS: 'Over weekly hours',
  BLOCKED: 'Blocked by the practice',
  TRAVEL: 'No time to drive from another booking that day',
  IR35: 'No IR35 determination by this practice yet',
  APPLICANT: 'Applicant, not yet approved by HR',
};
export const reasonLabel = (r: string) => EXCLUSION_LABELS[r] ?? r;

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
export const pounds = (pence: number | undefined) => (pence === undefined ? '–' : gbp.format(pence / 100));

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-12-03` -> `Thu 3 Dec 2026` (a calendar date, no zone involved). */
export function dateLabel(date: string, withYear = true): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (!y || !m || !d) return date;
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAY[day]} ${d} ${MONTH[m - 1]}${withYear ? ` ${y}` : ''}`;
}

/** London wall clock `2026-12-03T08:30` -> `08:30`. */
export const timeOf = (local: string) => local.slice(11, 16);

/** A shift's London times: `Thu 3 Dec 2026, 08:30–18:30` (the end's date too when it crosses midnight). */
export function shiftWhen(localStart: string, localEnd: string): string {
  const sameDay = localStart.slice(0, 10) === localEnd.slice(0, 10);
  return `${dateLabel(localStart)}, ${timeOf(localStart)}–${sameDay ? '' : `${dateLabel(localEnd, false)} `}${timeOf(localEnd)}`;
}

/** A UTC instant as London wall clock, `2026-12-03T08:30` (for datetime-local inputs). */
export function toLondonLocal(instant: string | Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: LONDON,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Today's London date, `2026-11-22`. */
export const londonToday = (now = appNow()) => toLondonLocal(now).slice(0, 10);

/** Adds days to a calendar date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A UTC instant for people: `Thu 3 Dec 2026, 08:30` London time. */
export function instantLabel(instant: string | undefined): string {
  if (!instant) return '–';
  const local = toLondonLocal(instant);
  return `${dateLabel(local)}, ${timeOf(local)}`;
}

export function minutesLabel(minutes: number | undefined | null): string {
  if (minutes === undefined || minutes === null || Number.isNaN(minutes)) return '–';
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

export const percent = (ratio: number | undefined) =>
  ratio === undefined || Number.isNaN(ratio) ? '–' : `${Math.round(ratio * 100)}%`;

/** Compliance as a bank manager reads it, from `bookableUntil` (the first date something lapses). */
export function complianceStatus(
  bookableUntil: string | undefined,
  today: string,
): { tone: 'ok' | 'warn' | 'bad'; label: string } {
  if (!bookableUntil) return { tone: 'ok', label: 'Compliant' };
  if (bookableUntil <= today) return { tone: 'bad', label: 'Not bookable' };
  if (bookableUntil <= addDays(today, 30)) return { tone: 'warn', label: 'Expiring soon' };
  return { tone: 'ok', label: 'Compliant' };
}

/** What each API.md v1.1 document type is called on screen, for HR and for the clinician alike. */
export const DOCUMENT_LABELS: Record<string, string> = {
  registration: 'Professional registration',
  'performers-list': 'Performers List entry',
  indemnity: 'Indemnity',
  dbs: 'DBS certificate',
  'training-bls': 'Basic life support training',
  'training-safeguarding-adults': 'Safeguarding adults training',
  'training-safeguarding-children': 'Safeguarding children training',
  'right-to-work': 'Right to work',
  'photo-id': 'Photo ID',
  reference: 'Reference',
  cv: 'CV',
  'hep-b': 'Hepatitis B immunity',
};

export const documentLabel = (type: string): string => DOCUMENT_LABELS[type] ?? type;
