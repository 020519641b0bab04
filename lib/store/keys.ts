/**
 * Every key the table holds is built here. Values carry upper-case prefixes
 * and, but for the few global lookups (a phone number's owners, the users'
 * sign-ins, inbound-message dedupe, calendar feed tokens), start with the
 * organisation.
 *
 * Four shapes, by what the caller does with the value: an item's key is
 * `{ PK, SK }`; an index entry, spread into the item it indexes, is that
 * index's attribute pair (`{ GSI1PK, GSI1SK }`); a partition to query is a
 * string named `…Partition`; a range to query by prefix is the partition and
 * `SKPrefix` (`…Prefix`).
 */
import { type Employment, paidThroughPayroll } from '../domain/types';
import { type IndexDefinition, TABLE } from './table';

const [GSI1, GSI2, GSI3] = TABLE.indexes as [IndexDefinition, IndexDefinition, IndexDefinition];

/**
 * The table's indexes by the access pattern each serves. The table has three
 * overloaded indexes; which one holds what is decided here, beside the keys
 * that put items in them, and callers ask for the pattern.
 */
export const INDEX = {
  cliniciansByName: GSI1,
  users: GSI1,
  shiftsByPractice: GSI1,
  shiftsByOrg: GSI2,
  openShifts: GSI3,
  offersByClinician: GSI1,
  offersByShift: GSI2,
  liveOffersByCode: GSI3,
  bookingsByClinician: GSI1,
  bookingsByPractice: GSI2,
  bookingsByOrg: GSI3,
  documentsByClinician: GSI1,
  escalationsByOrg: GSI1,
  templatesByPractice: GSI1,
  timesheetsByClinician: GSI1,
  timesheetsByPractice: GSI2,
  timesheetsByStatus: GSI3,
  invoicesByOrg: GSI1,
  exportsByOrg: GSI1,
  invitesByOrg: GSI1,
} as const satisfies Record<string, IndexDefinition>;

const org = (orgId: string) => `ORG#${orgId}`;
/**
 * An approved timesheet waits to be paid: a bank worker's in the payable
 * partition (what payroll exports read), anyone else's in the invoiceable
 * one, so a payroll export never even reads work that is invoiced.
 */
const statusPartition = (orgId: string, status: string, employment?: Employment) => {
  if (status !== 'approved') return `${org(orgId)}#TIMESHEETS#${status.toUpperCase()}`;
  return paidThroughPayroll(employment) ? `${org(orgId)}#PAYABLE` : `${org(orgId)}#INVOICEABLE`;
};

export const organisation = (orgId: string) => ({ PK: org(orgId), SK: 'ORG' });

export const practice = (orgId: string, id: string) => ({ PK: org(orgId), SK: `PRACTICE#${id}` });
export const practicesPrefix = (orgId: string) => ({ PK: org(orgId), SKPrefix: 'PRACTICE#' });
/** Unique within the organisation, whatever the case it was typed in. */
export const odsCode = (orgId: string, code: string) => ({ PK: org(orgId), SK: `ODS#${code.trim().toUpperCase()}` });

export const clinician = (orgId: string, id: string) => ({ PK: `${org(orgId)}#CLIN#${id}`, SK: 'PROFILE' });
/** GSI1: the bank, by name. */
export const cliniciansByName = (orgId: string, name: string, id: string) => ({
  GSI1PK: `${org(orgId)}#CLINICIANS`,
  GSI1SK: `${name.toLowerCase()}#${id}`,
});
export const cliniciansByNamePartition = (orgId: string) => `${org(orgId)}#CLINICIANS`;
/** Unique within the organisation. */
export const clinicianEmail = (orgId: string, email: string) => ({
  PK: `${org(orgId)}#EMAIL#${email.toLowerCase()}`,
  SK: 'EMAIL',
});
/** A phone number's clinicians, across organisations: inbound texts carry nothing but the number. */
export const phone = (e164: string, orgId: string, clinicianId: string) => ({
  PK: `PHONE#${e164}`,
  SK: `${org(orgId)}#CLIN#${clinicianId}`,
});
export const phonePartition = (e164: string) => `PHONE#${e164}`;
/** Unique within the organisation: a number that acts for one clinician there, never for whoever else it was typed in for. */
export const clinicianPhone = (orgId: string, e164: string) => ({ PK: `${org(orgId)}#PHONE#${e164}`, SK: 'PHONE' });
/**
 * The location index: one item per role per geohash cell that a clinician's
 * travel circle touches, carrying what matching needs, so matching a shift
 * reads the practice's one cell for the role.
 */
export const cell = (orgId: string, role: string, cell: string, clinicianId: string) => ({
  PK: `${org(orgId)}#CELL#${role}#${cell}`,
  SK: `CLIN#${clinicianId}`,
});
export const cellPartition = (orgId: string, role: string, cell: string) => `${org(orgId)}#CELL#${role}#${cell}`;

export const shift = (orgId: string, id: string) => ({ PK: `${org(orgId)}#SHIFT#${id}`, SK: 'SHIFT' });
/** GSI1: a practice's shifts by start. */
export const shiftsOfPractice = (orgId: string, practiceId: string, start: string, id: string) => ({
  GSI1PK: `${org(orgId)}#PRACTICE#${practiceId}#SHIFTS`,
  GSI1SK: `${start}#${id}`,
});
export const shiftsOfPracticePartition = (orgId: string, practiceId: string) =>
  `${org(orgId)}#PRACTICE#${practiceId}#SHIFTS`;
/** GSI2: the organisation's shifts by start. */
export const shiftsOfOrg = (orgId: string, start: string, id: string) => ({
  GSI2PK: `${org(orgId)}#SHIFTS`,
  GSI2SK: `${start}#${id}`,
});
export const shiftsOfOrgPartition = (orgId: string) => `${org(orgId)}#SHIFTS`;
/** GSI3, sparse: present only while a shift is open. */
export const openShifts = (orgId: string, start: string, id: string) => ({
  GSI3PK: `${org(orgId)}#OPEN`,
  GSI3SK: `${start}#${id}`,
});
export const openShiftsPartition = (orgId: string) => `${org(orgId)}#OPEN`;
export const audit = (orgId: string, shiftId: string, at: string, id: string) => ({
  PK: `${org(orgId)}#SHIFT#${shiftId}`,
  SK: `AUDIT#${at}#${id}`,
});

export const offer = (orgId: string, id: string) => ({ PK: `${org(orgId)}#OFFER#${id}`, SK: 'OFFER' });
/** GSI1: a clinician's offers, newest last. */
export const offersOfClinician = (orgId: string, clinicianId: string, createdAt: string, id: string) => ({
  GSI1PK: `${org(orgId)}#CLIN#${clinicianId}#OFFERS`,
  GSI1SK: `${createdAt}#${id}`,
});
export const offersOfClinicianPartition = (orgId: string, clinicianId: string) =>
  `${org(orgId)}#CLIN#${clinicianId}#OFFERS`;
/** GSI2: a shift's offers. */
export const offersOfShift = (orgId: string, shiftId: string, clinicianId: string, id: string) => ({
  GSI2PK: `${org(orgId)}#SHIFT#${shiftId}#OFFERS`,
  GSI2SK: `${clinicianId}#${id}`,
});
export const offersOfShiftPartition = (orgId: string, shiftId: string) => `${org(orgId)}#SHIFT#${shiftId}#OFFERS`;
/** GSI3, sparse: a clinician's live offers by code (what an SMS reply names). */
export const liveOffers = (orgId: string, clinicianId: string, code: string) => ({
  GSI3PK: `${org(orgId)}#CLIN#${clinicianId}#LIVE`,
  GSI3SK: code,
});
export const liveOffersPartition = (orgId: string, clinicianId: string) => `${org(orgId)}#CLIN#${clinicianId}#LIVE`;
/** Holds a code for one live offer of a clinician, so two live offers never share one. */
export const offerCode = (orgId: string, clinicianId: string, code: string) => ({
  PK: `${org(orgId)}#CLIN#${clinicianId}#CODE#${code}`,
  SK: 'CODE',
});
/** One offer per clinician per shift. */
export const offerOnce = (orgId: string, shiftId: string, clinicianId: string) => ({
  PK: `${org(orgId)}#SHIFT#${shiftId}`,
  SK: `OFFERED#${clinicianId}`,
});

export const booking = (orgId: string, id: string) => ({ PK: `${org(orgId)}#BOOKING#${id}`, SK: 'BOOKING' });
/** GSI1: a clinician's bookings by start. */
export const bookingsOfClinician = (orgId: string, clinicianId: string, start: string, id: string) => ({
  GSI1PK: `${org(orgId)}#CLIN#${clinicianId}#BOOKINGS`,
  GSI1SK: `${start}#${id}`,
});
export const bookingsOfClinicianPartition = (orgId: string, clinicianId: string) =>
  `${org(orgId)}#CLIN#${clinicianId}#BOOKINGS`;
/** GSI2: a practice's bookings by start. */
export const bookingsOfPractice = (orgId: string, practiceId: string, start: string, id: string) => ({
  GSI2PK: `${org(orgId)}#PRACTICE#${practiceId}#BOOKINGS`,
  GSI2SK: `${start}#${id}`,
});
export const bookingsOfPracticePartition = (orgId: string, practiceId: string) =>
  `${org(orgId)}#PRACTICE#${practiceId}#BOOKINGS`;
/** GSI3: the organisation's bookings by start (the booking lists; matching reads diaries instead). */
export const bookingsOfOrg = (orgId: string, start: string, id: string) => ({
  GSI3PK: `${org(orgId)}#BOOKINGS`,
  GSI3SK: `${start}#${id}`,
});
export const bookingsOfOrgPartition = (orgId: string) => `${org(orgId)}#BOOKINGS`;
/**
 * A clinician's diary: their confirmed bookings around now, with a version.
 * Every booking of the clinician rewrites it only if unchanged since read, so
 * two bookings can never both pass the clash and rest checks.
 */
export const diary = (orgId: string, clinicianId: string) => ({ PK: `${org(orgId)}#CLIN#${clinicianId}`, SK: 'DIARY' });
/**
 * One IR35 determination a practice made for a clinician, kept for audit:
 * a later one supersedes it on the profile but never replaces this item.
 */
export const ir35Determination = (orgId: string, clinicianId: string, decidedAt: string, id: string) => ({
  PK: `${org(orgId)}#CLIN#${clinicianId}`,
  SK: `IR35#${decidedAt}#${id}`,
});
export const ir35Prefix = (orgId: string, clinicianId: string) => ({
  PK: `${org(orgId)}#CLIN#${clinicianId}`,
  SKPrefix: 'IR35#',
});
/** The clinician's current calendar feed (its token, so the app can show the address again). */
export const calendarFeed = (orgId: string, clinicianId: string) => ({
  PK: `${org(orgId)}#CLIN#${clinicianId}`,
  SK: 'CALFEED',
});
/** A clinician's evidence document; GSI1 lists a clinician's documents, oldest first. */
export const document = (orgId: string, id: string) => ({ PK: `${org(orgId)}#DOC#${id}`, SK: 'DOC' });
export const documentsOfClinician = (orgId: string, clinicianId: string, createdAt: string, id: string) => ({
  GSI1PK: `${org(orgId)}#CLIN#${clinicianId}#DOCS`,
  GSI1SK: `${createdAt}#${id}`,
});
export const documentsOfClinicianPartition = (orgId: string, clinicianId: string) =>
  `${org(orgId)}#CLIN#${clinicianId}#DOCS`;
/** Where a document's file is kept: by organisation, so a bucket policy or a folder can be cut by it. */
export const documentFile = (orgId: string, clinicianId: string, id: string) => `${orgId}/${clinicianId}/${id}`;
/**
 * A feed token's owner, across organisations: a calendar app's request
 * carries nothing but the token. Keyed by the token's SHA-256, so the key
 * itself (in logs, metrics, exports) never opens the feed.
 */
export const calendarFeedToken = (tokenHash: string) => ({ PK: `CALFEED#${tokenHash}`, SK: 'CALFEED' });
/**
 * An invitation to join an organisation's bank, across organisations as
 * the invite link carries nothing but its token: keyed by the token's
 * SHA-256, so the key itself never opens the invitation.
 */
export const invite = (tokenHash: string) => ({ PK: `INVITE#${tokenHash}`, SK: 'INVITE' });
/** GSI1: the organisation's invitations, oldest first. */
export const invitesOfOrg = (orgId: string, createdAt: string, id: string) => ({
  GSI1PK: `${org(orgId)}#INVITES`,
  GSI1SK: `${createdAt}#${id}`,
});
export const invitesOfOrgPartition = (orgId: string) => `${org(orgId)}#INVITES`;
export const escalation = (orgId: string, id: string) => ({ PK: `${org(orgId)}#ESCALATION#${id}`, SK: 'ESCALATION' });
/** GSI1: the organisation's rate escalations, oldest first. */
export const escalationsOfOrg = (orgId: string, requestedAt: string, id: string) => ({
  GSI1PK: `${org(orgId)}#ESCALATIONS`,
  GSI1SK: `${requestedAt}#${id}`,
});
export const escalationsOfOrgPartition = (orgId: string) => `${org(orgId)}#ESCALATIONS`;
export const escalationGuard = (orgId: string, shiftId: string) => ({
  PK: `${org(orgId)}#ESCALATION-PENDING#${shiftId}`,
  SK: 'GUARD',
});
export const template = (orgId: string, id: string) => ({ PK: `${org(orgId)}#TEMPLATE#${id}`, SK: 'TEMPLATE' });
/** GSI1: a practice's shift templates, oldest first. */
export const templatesOfPractice = (orgId: string, practiceId: string, createdAt: string, id: string) => ({
  GSI1PK: `${org(orgId)}#PRACTICE#${practiceId}#TEMPLATES`,
  GSI1SK: `${createdAt}#${id}`,
});
export const templatesOfPracticePartition = (orgId: string, practiceId: string) =>
  `${org(orgId)}#PRACTICE#${practiceId}#TEMPLATES`;
/**
 * One shift per template per session per London date: a bulk post (or a
 * retry of one) cannot post the same session of a day twice. Holds the
 * shift's id, so a cancelled shift's session may be posted again.
 */
export const templateSession = (orgId: string, templateId: string, date: string, session: number) => ({
  PK: `${org(orgId)}#TEMPLATE#${templateId}`,
  SK: `POSTED#${date}#${session}`,
});
/** A message waiting in the outbox, in the transaction of the change it reports. */
export const outbox = (orgId: string, id: string) => ({ PK: `${org(orgId)}#OUTBOX#${id}`, SK: 'OUTBOX' });
/** Says a message has been (or is being) delivered: the relay's guard against sending it twice. */
export const sentMarker = (orgId: string, messageId: string) => ({ PK: `${org(orgId)}#SENT#${messageId}`, SK: 'SENT' });
/** One fixed window of a rate limit: `key` names what is limited (a sender, an address). */
export const rateWindow = (key: string, window: number) => ({ PK: `RATE#${key}`, SK: `W#${window}` });
/** A request retried with the same key has one effect. */
export const idempotency = (orgId: string, key: string) => ({ PK: `${org(orgId)}#IDEM#${key}`, SK: 'IDEM' });

/**
 * A user's record, across organisations as a Cognito sign-in is: the local
 * runtime's sign-ins, and in AWS what every token's claims are checked against.
 */
export const user = (email: string) => ({ PK: `USER#${email.toLowerCase()}`, SK: 'USER' });
/** Which sign-in is a clinician's (their email may have changed since it was made). */
export const clinicianSignIn = (orgId: string, clinicianId: string) => ({
  PK: `${org(orgId)}#CLIN#${clinicianId}`,
  SK: 'SIGNIN',
});
/** GSI1: every sign-in, by organisation, role and email. */
export const usersOfOrg = (orgId: string, role: string, email: string) => ({
  GSI1PK: 'USERS',
  GSI1SK: `${orgId}#${role}#${email.toLowerCase()}`,
});
export const usersPartition = () => 'USERS';
export const usersOfRolePrefix = (orgId: string, role: string) => ({
  GSI1PK: 'USERS',
  GSI1SKPrefix: `${orgId}#${role}#`,
});

/**
 * A compliance reminder that went: `key` names the document (or v1 record),
 * the date it lapses and the threshold, so each goes once whatever retries.
 */
export const complianceReminder = (orgId: string, clinicianId: string, key: string) => ({
  PK: `${org(orgId)}#CLIN#${clinicianId}`,
  SK: `REMINDED#${key}`,
});

// ---------------------------------------------------------------- timesheets and payroll exports

export const timesheet = (orgId: string, id: string) => ({ PK: `${org(orgId)}#TIMESHEET#${id}`, SK: 'TIMESHEET' });
/** GSI1: a clinician's timesheets by shift start. */
export const timesheetsOfClinician = (orgId: string, clinicianId: string, start: string, id: string) => ({
  GSI1PK: `${org(orgId)}#CLIN#${clinicianId}#TIMESHEETS`,
  GSI1SK: `${start}#${id}`,
});
export const timesheetsOfClinicianPartition = (orgId: string, clinicianId: string) =>
  `${org(orgId)}#CLIN#${clinicianId}#TIMESHEETS`;
/** GSI2: a practice's timesheets by shift start. */
export const timesheetsOfPractice = (orgId: string, practiceId: string, start: string, id: string) => ({
  GSI2PK: `${org(orgId)}#PRACTICE#${practiceId}#TIMESHEETS`,
  GSI2SK: `${start}#${id}`,
});
export const timesheetsOfPracticePartition = (orgId: string, practiceId: string) =>
  `${org(orgId)}#PRACTICE#${practiceId}#TIMESHEETS`;
/**
 * GSI3: the organisation's timesheets in one status, by shift start. The
 * approved ones are split by who pays them: a bank worker's go in the
 * payable index, in it only while approved and unexported, so payroll
 * reads exactly what it may pay; the self-employed's and limited
 * companies' go in the invoiceable index instead.
 */
export const timesheetsInStatus = (
  orgId: string,
  status: string,
  start: string,
  id: string,
  employment?: Employment,
) => ({
  GSI3PK: statusPartition(orgId, status, employment),
  GSI3SK: `${start}#${id}`,
});
/** Every partition holding timesheets in `status`: two for `approved` (payable, then invoiceable). */
export const timesheetsInStatusPartitions = (orgId: string, status: string) =>
  status === 'approved'
    ? [statusPartition(orgId, status, 'bank'), statusPartition(orgId, status, 'self-employed')]
    : [statusPartition(orgId, status)];
export const payablePartition = (orgId: string) => statusPartition(orgId, 'approved', 'bank');
export const invoiceablePartition = (orgId: string) => statusPartition(orgId, 'approved', 'self-employed');

export const invoice = (orgId: string, id: string) => ({ PK: `${org(orgId)}#INVOICE#${id}`, SK: 'INVOICE' });
/** GSI1: the organisation's invoices by month, then id. */
export const invoicesOfOrg = (orgId: string, month: string, id: string) => ({
  GSI1PK: `${org(orgId)}#INVOICES`,
  GSI1SK: `${month}#${id}`,
});
export const invoicesOfOrgPartition = (orgId: string) => `${org(orgId)}#INVOICES`;
/** A clinician's last invoice number: raised in the transaction that issues the next invoice. */
export const invoiceCounter = (orgId: string, clinicianId: string) => ({
  PK: `${org(orgId)}#CLIN#${clinicianId}`,
  SK: 'INVOICE_COUNTER',
});

/**
 * The 10-week pension watchdog told `audience` of this session at `days`
 * after it: put on condition that it is absent, in the transaction that
 * writes the reminder, so no reminder goes twice.
 */
export const pensionReminder = (orgId: string, timesheetId: string, audience: 'practice' | 'locum', days: number) => ({
  PK: `${org(orgId)}#TIMESHEET#${timesheetId}`,
  SK: `PENSION-REMINDER#${audience}#${days}`,
});

export const payrollExport = (orgId: string, id: string) => ({ PK: `${org(orgId)}#EXPORT#${id}`, SK: 'EXPORT' });
/** GSI1: the organisation's exports by creation. */
export const exportsOfOrg = (orgId: string, createdAt: string, id: string) => ({
  GSI1PK: `${org(orgId)}#EXPORTS`,
  GSI1SK: `${createdAt}#${id}`,
});
export const exportsOfOrgPartition = (orgId: string) => `${org(orgId)}#EXPORTS`;
/**
 * One batch of timesheets an export went to claim, written just before the
 * claim: every claim that landed has one, so a retried run finds (reading
 * this partition consistently, then the timesheets themselves) every
 * timesheet it holds. A batch may name some another export took: the
 * timesheet's own exportId decides.
 */
export const exportClaim = (orgId: string, exportId: string, batchId: string) => ({
  PK: `${org(orgId)}#EXPORT#${exportId}`,
  SK: `CLAIM#${batchId}`,
});
/** The lease of the one run of an export under way (lib/store/exports.ts, `takeRun`). */
export const exportRun = (orgId: string, exportId: string) => ({ PK: `${org(orgId)}#EXPORT#${exportId}`, SK: 'RUN' });
export const exportClaimsPrefix = (orgId: string, exportId: string) => ({
  PK: `${org(orgId)}#EXPORT#${exportId}`,
  SKPrefix: 'CLAIM#',
});

// ---------------------------------------------------------------- report totals

/** A practice's running report totals for one London date: what a report over the date reads instead of its shifts. */
export const reportDay = (orgId: string, practiceId: string, date: string) => ({
  PK: `${org(orgId)}#TOTALS#${practiceId}`,
  SK: `DAY#${date}`,
});
/** The same, for one role's shifts. */
export const reportRoleDay = (orgId: string, practiceId: string, role: string, date: string) => ({
  PK: `${org(orgId)}#TOTALS#${practiceId}`,
  SK: `ROLE#${role}#${date}`,
});
export const reportTotalsPartition = (orgId: string, practiceId: string) => `${org(orgId)}#TOTALS#${practiceId}`;
/**
 * What one shift or timesheet currently adds to the report totals, with a
 * revision each change of it bumps: the totals move only by the difference
 * between this and what the record now says, under a condition on the revision.
 */
export const reportSource = (orgId: string, kind: 'SHIFT' | 'TIMESHEET', id: string) => ({
  PK: `${org(orgId)}#TOTALSRC#${kind}#${id}`,
  SK: 'TOTALSRC',
});
/** Marks a table whose totals were rebuilt from its records once (the local runtime's data kept from before). */
export const reportTotalsRebuilt = () => ({ PK: 'TOTALS', SK: 'REBUILT' });

/** Partition keys a list cursor may continue: a cursor is only ever honoured for the partition it came from. */
export function partitionOf(key: Record<string, unknown>, attribute: string): string | undefined {
  const value = key[attribute];
  return typeof value === 'string' ? value : undefined;
}
