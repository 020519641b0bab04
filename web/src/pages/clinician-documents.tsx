import { useState } from 'preact/hooks';
import { requiredCount, requiredDocumentTypesFor } from '../../../lib/domain/required-documents';
import { ApiError, apiUrl, get, getAll, post } from '../api';
import { type Practice, useApp, useMe } from '../app';
import { DOCUMENT_LABELS, dateLabel, documentLabel, roleLabel } from '../format';
import type { Clinician } from '../records';
import { Badge, Empty, Field, Loaded, messageOf, Notice, PageHeader, useAsync } from '../ui';

interface EvidenceDocument {
  id: string;
  type: string;
  status: 'pending' | 'verified' | 'rejected' | 'invalid';
  issuedOn?: string;
  expiresOn?: string;
  fileName: string;
  uploaded: boolean;
  createdAt: string;
  reason?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

type Need = { type: string; state: 'verified' | 'pending' | 'needed'; doc?: EvidenceDocument };

/** Each required document, as many as needed (two references): verified, awaiting a check, or still needed. */
function needs(clinician: Pick<Clinician, 'roles' | 'skills'>, docs: readonly EvidenceDocument[]): Need[] {
  const out: Need[] = [];
  for (const type of requiredDocumentTypesFor(clinician as Parameters<typeof requiredDocumentTypesFor>[0])) {
    const verified = docs.filter((d) => d.type === type && d.status === 'verified');
    const pending = docs.filter((d) => d.type === type && d.status === 'pending' && d.uploaded);
    const have = [
      ...verified.map((doc) => ({ type, state: 'verified' as const, doc })),
      ...pending.map((doc) => ({ type, state: 'pending' as const, doc })),
    ];
    for (let i = 0; i < requiredCount(type as never); i++) out.push(have[i] ?? { type, state: 'needed' });
  }
  return out;
}

type Extra = { practice: Practice; types: { type: string; state: Need['state'] }[] };

/**
 * What practices require beyond the clinician's roles (DOMAIN.md: e.g.
 * safeguarding children level 3 for an under-5s clinic): needed for work at
 * that practice only, so listed by practice. A practice they are blocked
 * from is left out.
 */
function practiceExtras(
  clinician: Clinician,
  practices: readonly Practice[],
  docs: readonly EvidenceDocument[],
): Extra[] {
  const own = new Set<string>(requiredDocumentTypesFor(clinician as Parameters<typeof requiredDocumentTypesFor>[0]));
  const stateOf = (type: string): Need['state'] => {
    const of = docs.filter((d) => d.type === type);
    if (of.filter((d) => d.status === 'verified').length >= requiredCount(type as never)) return 'verified';
    return of.some((d) => d.status === 'pending' && d.uploaded) ? 'pending' : 'needed';
  };
  return practices
    .filter((p) => !clinician.blockedPracticeIds?.includes(p.id))
    .map((practice) => ({
      practice,
      types: (practice.requirements ?? []).filter((t) => !own.has(t)).map((type) => ({ type, state: stateOf(type) })),
    }))
    .filter((x) => x.types.length > 0);
}

function NeedBadge({ state }: { state: Need['state'] }) {
  if (state === 'verified') return <Badge tone="ok">Verified</Badge>;
  if (state === 'pending') return <Badge tone="info">Being checked</Badge>;
  return <Badge tone="warn">Needed</Badge>;
}

/** The clinician's evidence: what their roles require, what is on file, and sending a new document. */
export function ClinicianDocuments() {
  const me = useMe();
  const id = me.clinicianId ?? '';
  const data = useAsync(
    () =>
      Promise.all([
        get<{ clinician: Clinician & { status?: string; phoneVerified?: boolean } }>(`/clinicians/${id}`),
        getAll<EvidenceDocument>(`/clinicians/${id}/documents`, 'documents'),
      ]).then(([c, documents]) => ({ clinician: c.clinician, documents })),
    [id],
  );
  return (
    <>
      <PageHeader title="My documents" lead="The checks a practice must be able to show for everyone it books." />
      <Loaded state={data} what="Your documents">
        {({ clinician, documents }) => (
          <DocumentsView clinician={clinician} documents={documents} onChanged={data.reload} />
        )}
      </Loaded>
    </>
  );
}

function DocumentsView(props: {
  clinician: Clinician & { status?: string; phoneVerified?: boolean };
  documents: EvidenceDocument[];
  onChanged: () => void;
}) {
  const { clinician, documents } = props;
  const { practices } = useApp();
  const list = needs(clinician, documents);
  const extras = practiceExtras(clinician, practices, documents);
  const missing = list.filter((n) => n.state === 'needed');
  const awaiting = list.filter((n) => n.state === 'pending');
  const applicant = clinician.status === 'applicant';
  return (
    <div class="two-col two-col-wide">
      <div class="stack">
        {applicant && (
          <section class="card" aria-labelledby="app-h" data-testid="application">
            <h2 id="app-h">Your application</h2>
            <p>
              You have joined as {clinician.roles.map(roleLabel).join(', ')}. The bank office approves you once your
              documents are checked; until then you are not offered shifts.
            </p>
            <ul class="checklist">
              <li class="done">Your details are in</li>
              <li class={clinician.phoneVerified === false ? 'todo' : 'done'}>
                {clinician.phoneVerified === false
                  ? `Confirm your mobile: reply YES to the text we sent to ${clinician.phone}`
                  : 'Your mobile number is confirmed'}
              </li>
              <li class={missing.length ? 'todo' : 'done'}>
                {missing.length
                  ? `Upload ${missing.length} more document${missing.length === 1 ? '' : 's'} (below)`
                  : 'Every required document is uploaded'}
              </li>
              <li class={awaiting.length || missing.length ? 'todo' : 'done'}>
                {awaiting.length
                  ? `${awaiting.length} waiting for the bank office to check`
                  : 'Checked by the bank office'}
              </li>
            </ul>
          </section>
        )}
        <section class="card" aria-labelledby="req-h">
          <h2 id="req-h">What your roles require</h2>
          <ul class="list-plain need-list">
            {list.map((n, i) => (
              <li key={`${n.type}-${i}`} class="need-row">
                <span>
                  {documentLabel(n.type)}
                  {n.doc && <span class="muted small"> · {n.doc.fileName}</span>}
                  {n.doc?.expiresOn && <span class="muted small"> · until {dateLabel(n.doc.expiresOn)}</span>}
                </span>
                <NeedBadge state={n.state} />
              </li>
            ))}
          </ul>
          {extras.length > 0 && (
            <section class="practice-extras" aria-labelledby="extra-h" data-testid="practice-extras">
              <h3 id="extra-h">Also required for work at some practices</h3>
              <p class="muted small">
                Without these you are not offered shifts at that practice; everywhere else is unaffected.
              </p>
              <ul class="list-plain">
                {extras.map((x) => (
                  <li key={x.practice.id} class="extra-practice">
                    <strong>{x.practice.name}</strong>
                    <ul class="list-plain need-list">
                      {x.types.map((t) => (
                        <li key={t.type} class="need-row">
                          <span>{documentLabel(t.type)}</span>
                          <NeedBadge state={t.state} />
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {documents.some((d) => d.status === 'rejected' || d.status === 'invalid') && (
            <>
              <h3>Not accepted</h3>
              <ul class="list-plain">
                {documents
                  .filter((d) => d.status === 'rejected' || d.status === 'invalid')
                  .map((d) => (
                    <li key={d.id} class="small">
                      {documentLabel(d.type)} ({d.fileName}): {d.reason ?? d.status}
                    </li>
                  ))}
              </ul>
            </>
          )}
        </section>
      </div>
      <UploadForm clinicianId={clinician.id} wanted={missing.map((n) => n.type)} onSent={props.onChanged} />
    </div>
  );
}

function UploadForm({ clinicianId, wanted, onSent }: { clinicianId: string; wanted: string[]; onSent: () => void }) {
  const [type, setType] = useState(wanted[0] ?? 'dbs');
  const [issuedOn, setIssuedOn] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [file, setFile] = useState<File>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  const send = async (e: Event) => {
    e.preventDefault();
    setStatus(undefined);
    if (!file) return setErrors({ file: 'Choose the file to send' });
    const contentType = CONTENT_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? file.type;
    setErrors({});
    setBusy(true);
    try {
      const made = await post<{ upload: { url: string; method: string; headers: Record<string, string> } }>(
        `/clinicians/${clinicianId}/documents`,
        {
          type,
          ...(issuedOn ? { issuedOn } : {}),
          ...(expiresOn ? { expiresOn } : {}),
          fileName: file.name,
          contentType,
          bytes: file.size,
        },
      );
      const url = made.upload.url.startsWith('/') ? apiUrl(made.upload.url) : made.upload.url;
      const sent = await fetch(url, { method: 'PUT', headers: made.upload.headers, body: file });
      if (!sent.ok) {
        const body = (await sent.json().catch(() => ({}))) as { error?: { details?: { message?: string }[] } };
        throw new Error(body.error?.details?.[0]?.message ?? 'The file was refused');
      }
      setStatus({ tone: 'success', text: `${documentLabel(type)} sent. The bank office will check it.` });
      setFile(undefined);
      setIssuedOn('');
      setExpiresOn('');
      (e.target as HTMLFormElement).reset();
      onSent();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setErrors(err.fieldErrors());
      else setStatus({ tone: 'error', text: messageOf(err) });
    }
    setBusy(false);
  };

  return (
    <form class="form card" onSubmit={send} noValidate aria-labelledby="up-h">
      <h2 id="up-h">Send a document</h2>
      {status && <Notice tone={status.tone}>{status.text}</Notice>}
      {wanted.length === 0 && <Empty>Nothing more is needed. You can still send a renewal.</Empty>}
      <Field label="Document" error={errors.type}>
        {(a) => (
          <select {...a} name="type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
            {Object.entries(DOCUMENT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
                {wanted.includes(value) ? ' (needed)' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="form-row">
        <Field label="Issued on (optional)" error={errors.issuedOn}>
          {(a) => (
            <input
              {...a}
              type="date"
              name="issuedOn"
              value={issuedOn}
              onInput={(e) => setIssuedOn(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Expires on (optional)" error={errors.expiresOn}>
          {(a) => (
            <input
              {...a}
              type="date"
              name="expiresOn"
              value={expiresOn}
              onInput={(e) => setExpiresOn(e.currentTarget.value)}
            />
          )}
        </Field>
      </div>
      <Field label="File" hint="A PDF, JPEG or PNG scan or photo, at most 10 MB" error={errors.file ?? errors.body}>
        {(a) => (
          <input
            {...a}
            type="file"
            name="file"
            accept="application/pdf,image/jpeg,image/png"
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
        )}
      </Field>
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Sending…' : 'Send document'}
      </button>
    </form>
  );
}
