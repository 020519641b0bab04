import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiUrl, download, get, getAll, isNotAvailable, post, request } from '../api';
import { useMe } from '../app';
import { complianceStatus, DOCUMENT_LABELS, dateLabel, documentLabel, londonToday, roleLabel } from '../format';
import type { Clinician } from '../records';
import { href, navigate } from '../router';
import {
  Badge,
  Empty,
  ErrorSummary,
  Field,
  LoadError,
  Loaded,
  Loading,
  messageOf,
  Notice,
  PageHeader,
  useAsync,
} from '../ui';

const typeLabel = documentLabel;

const ACCEPTED: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};
const MAX_BYTES = 10 * 1024 * 1024;

export interface EvidenceDocument {
  id: string;
  clinicianId: string;
  type: string;
  status: 'pending' | 'verified' | 'rejected' | 'invalid';
  issuedOn?: string;
  expiresOn?: string;
  fileName: string;
  contentType: string;
  bytes: number;
  uploaded: boolean;
  createdAt: string;
  verifiedBy?: string;
  verifiedAt?: string;
  rejectedBy?: string;
  rejectedAt?: string;
  reason?: string;
}

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** An instant's London date. */
const onDate = (iso: string) =>
  dateLabel(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(iso)));

function DocStatus({ doc, today }: { doc: EvidenceDocument; today: string }) {
  if (doc.status === 'verified') {
    if (doc.expiresOn && doc.expiresOn <= today) return <Badge tone="bad">Lapsed</Badge>;
    return <Badge tone="ok">Verified</Badge>;
  }
  if (doc.status === 'rejected') return <Badge tone="bad">Rejected</Badge>;
  if (doc.status === 'invalid') return <Badge tone="bad">File refused</Badge>;
  return doc.uploaded ? <Badge tone="warn">To review</Badge> : <Badge tone="neutral">Waiting for file</Badge>;
}

/** A clinician's compliance evidence: the list, uploading for them, and reviewing one beside its file. */
export function AdminDocuments({ id, docId }: { id: string; docId?: string }) {
  const me = useMe();
  const clinician = useAsync(() => get<{ clinician: Clinician }>(`/clinicians/${id}`).then((r) => r.clinician), [id]);
  const docs = useAsync(() => getAll<EvidenceDocument>(`/clinicians/${id}/documents`, 'documents'), [id]);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string }>();
  const [packError, setPackError] = useState<string>();
  const today = londonToday();
  const back = me.role === 'admin' ? `/admin/clinicians/${id}` : '/admin/clinicians';
  const name = clinician.data?.name;

  const replace = (doc: EvidenceDocument) => docs.setData((docs.data ?? []).map((d) => (d.id === doc.id ? doc : d)));
  const reviewing = docId ? docs.data?.find((d) => d.id === docId) : undefined;

  return (
    <>
      <p class="breadcrumb">
        <a href={href(back)}>← {me.role === 'admin' && name ? name : 'All clinicians'}</a>
      </p>
      <PageHeader
        title={name ? `Documents: ${name}` : 'Documents'}
        actions={
          <button
            type="button"
            class="button button-secondary"
            onClick={() => {
              setPackError(undefined);
              download(`/clinicians/${id}/evidence-pack`, `evidence-pack-${id}.pdf`, 'application/pdf').catch((e) =>
                setPackError(isNotAvailable(e) ? 'The evidence pack is not available yet.' : messageOf(e)),
              );
            }}
          >
            Evidence pack (PDF)
          </button>
        }
        lead={
          clinician.data && (
            <>
              {clinician.data.roles.map(roleLabel).join(', ')} ·{' '}
              <ComplianceLine clinician={clinician.data} today={today} />
            </>
          )
        }
      />
      {clinician.error !== undefined && <LoadError error={clinician.error} what="Clinician" />}
      {packError && <Notice tone="error">{packError}</Notice>}
      {notice && !docId && <Notice tone={notice.tone}>{notice.text}</Notice>}
      <Loaded state={docs} what="Documents">
        {(list) =>
          docId ? (
            reviewing ? (
              <Review
                doc={reviewing}
                today={today}
                onDecided={(d) => {
                  replace(d);
                  setNotice({
                    tone: 'success',
                    text:
                      d.status === 'verified'
                        ? `${typeLabel(d.type)} verified.`
                        : `${typeLabel(d.type)} rejected. Ask ${name ?? 'them'} for a new one.`,
                  });
                  navigate(`/admin/clinicians/${id}/documents`);
                }}
                onRefused={(d, message) => {
                  replace(d);
                  setNotice({ tone: 'error', text: message });
                  navigate(`/admin/clinicians/${id}/documents`);
                }}
                listPath={`/admin/clinicians/${id}/documents`}
                clinicianName={name}
              />
            ) : (
              <Notice tone="error" title="No such document">
                <a href={href(`/admin/clinicians/${id}/documents`)}>Back to the documents</a>
              </Notice>
            )
          ) : (
            <div class="two-col two-col-wide">
              <DocumentList docs={list} clinicianId={id} today={today} />
              <Upload
                clinicianId={id}
                onUploaded={(doc, error) => {
                  docs.setData([...list.filter((d) => d.id !== doc.id), doc]);
                  if (error) {
                    setNotice({ tone: 'error', text: error });
                    // The API recorded why it refused the file: show its own words in the list.
                    docs.reload();
                  } else setNotice({ tone: 'success', text: `${typeLabel(doc.type)} uploaded: ready to review.` });
                }}
              />
            </div>
          )
        }
      </Loaded>
    </>
  );
}

function ComplianceLine({ clinician: c, today }: { clinician: Clinician; today: string }) {
  const s = complianceStatus(c.bookableUntil, today);
  return (
    <>
      <Badge tone={s.tone}>{s.label}</Badge>
      {c.bookableUntil && !c.bookableUntil.startsWith('0000') && <> until {dateLabel(c.bookableUntil)}</>}
    </>
  );
}

function DocumentList({ docs, clinicianId, today }: { docs: EvidenceDocument[]; clinicianId: string; today: string }) {
  const toReview = docs.filter((d) => d.status === 'pending' && d.uploaded).length;
  const shown = [...docs].sort(
    (a, b) => Number(b.status === 'pending') - Number(a.status === 'pending') || b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <section class="card" aria-labelledby="docs-h">
      <h2 id="docs-h">On file</h2>
      {docs.length === 0 ? (
        <Empty>
          No documents yet. Upload their registration, DBS certificate, indemnity, training and right to work here.
        </Empty>
      ) : (
        <>
          <p class="summary-line">
            {docs.length} document{docs.length === 1 ? '' : 's'}
            {toReview > 0 ? `, ${toReview} to review` : ', none waiting for review'}
          </p>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Dates</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.id}>
                  <td data-label="Document">
                    <div>
                      <strong>{typeLabel(d.type)}</strong>
                      <span class="cell-sub">
                        {d.fileName} · {ACCEPTED[d.contentType] ?? d.contentType}, {size(d.bytes)}
                      </span>
                    </div>
                  </td>
                  <td data-label="Dates">
                    <div>
                      {d.issuedOn && <span class="cell-sub">Issued {dateLabel(d.issuedOn)}</span>}
                      {d.expiresOn ? (
                        <span class="cell-sub">
                          {d.expiresOn <= today ? 'Expired' : 'Expires'} {dateLabel(d.expiresOn)}
                        </span>
                      ) : (
                        <span class="cell-sub">No expiry</span>
                      )}
                    </div>
                  </td>
                  <td data-label="Status">
                    <div>
                      <DocStatus doc={d} today={today} />
                      {d.verifiedAt && <span class="cell-sub">on {onDate(d.verifiedAt)}</span>}
                      {d.reason && <span class="cell-sub">{d.reason}</span>}
                    </div>
                  </td>
                  <td class="cell-action">
                    {d.status !== 'invalid' && d.uploaded && (
                      <a
                        class={`button button-small${d.status === 'pending' ? '' : ' button-secondary'}`}
                        href={href(`/admin/clinicians/${clinicianId}/documents/${d.id}`)}
                        aria-label={`${d.status === 'pending' ? 'Review' : 'View'} ${typeLabel(d.type)}`}
                      >
                        {d.status === 'pending' ? 'Review' : 'View'}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** PUTs the file where the API said, with the headers it named; XHR so the progress can be shown. */
function putFile(
  upload: { url: string; headers: Record<string, string> },
  file: File,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    // A relative address is the local runtime's own; in AWS it is a presigned S3 URL.
    xhr.open('PUT', /^https?:/.test(upload.url) ? upload.url : apiUrl(upload.url));
    for (const [k, v] of Object.entries(upload.headers)) {
      // The browser sets these itself and refuses to be told.
      if (!['content-length', 'host'].includes(k.toLowerCase())) xhr.setRequestHeader(k, v);
    }
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = `The upload was refused (${xhr.status})`;
      try {
        const body = JSON.parse(xhr.responseText) as { error?: { message?: string; details?: { message?: string }[] } };
        message = body.error?.details?.[0]?.message ?? body.error?.message ?? message;
      } catch {
        // S3 answers in XML; the status says enough.
      }
      reject(new ApiError(xhr.status, 'UPLOAD_REFUSED', message));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The upload did not get through. Try again.'));
    xhr.send(file);
  });
}

const UPLOAD_LABELS: Record<string, string> = {
  type: 'Document',
  issuedOn: 'Issued on',
  expiresOn: 'Expires on',
  file: 'File',
};

function Upload({
  clinicianId,
  onUploaded,
}: {
  clinicianId: string;
  onUploaded: (doc: EvidenceDocument, error?: string) => void;
}) {
  const [type, setType] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [file, setFile] = useState<File>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<number>();
  const [sent, setSent] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setSent(undefined);
    const problems: Record<string, string> = {};
    if (!type) problems.type = 'Choose what the document is';
    if (!file) problems.file = 'Choose a file';
    else if (!ACCEPTED[file.type]) problems.file = 'The file must be a PDF, JPEG or PNG';
    else if (file.size > MAX_BYTES) problems.file = `The file is ${size(file.size)}; at most 10 MB`;
    else if (file.size === 0) problems.file = 'The file is empty';
    if (issuedOn && expiresOn && expiresOn < issuedOn) problems.expiresOn = 'Must be after the date it was issued';
    setErrors(problems);
    if (Object.keys(problems).length || !file) return;
    setProgress(0);
    let declared: EvidenceDocument | undefined;
    try {
      const r = await post<{ document: EvidenceDocument; upload: { url: string; headers: Record<string, string> } }>(
        `/clinicians/${clinicianId}/documents`,
        {
          type,
          issuedOn: issuedOn || undefined,
          expiresOn: expiresOn || undefined,
          fileName: file.name,
          contentType: file.type,
          bytes: file.size,
        },
      );
      declared = r.document;
      await putFile(r.upload, file, setProgress);
      onUploaded({ ...declared, uploaded: true });
      setSent(`${file.name} is on file, waiting for review.`);
      setType('');
      setIssuedOn('');
      setExpiresOn('');
      setFile(undefined);
      if (fileInput.current) fileInput.current.value = '';
    } catch (err) {
      if (!declared && err instanceof ApiError && err.code === 'VALIDATION') {
        const fields = err.fieldErrors();
        const mapped = Object.fromEntries(
          Object.entries(fields).map(([k, v]) => [['fileName', 'contentType', 'bytes'].includes(k) ? 'file' : k, v]),
        );
        setErrors(mapped);
      } else if (declared) {
        // Declared, but the file itself was refused: the API keeps the record as refused, and nothing of the file.
        onUploaded({ ...declared, status: 'invalid' }, `${file.name} was not kept: ${messageOf(err)}`);
      } else setError(messageOf(err));
    }
    setProgress(undefined);
  };

  const busy = progress !== undefined;
  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="upload-h">
      <h2 id="upload-h">Upload a document</h2>
      <ErrorSummary errors={errors} labels={UPLOAD_LABELS} />
      {error && <Notice tone="error">{error}</Notice>}
      <Field label={UPLOAD_LABELS.type!} error={errors.type}>
        {(a) => (
          <select {...a} name="type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="">Choose what it is</option>
            {Object.entries(DOCUMENT_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="form-grid">
        <Field label={UPLOAD_LABELS.issuedOn!} hint="If it says" error={errors.issuedOn}>
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
        <Field label={UPLOAD_LABELS.expiresOn!} hint="If it has one" error={errors.expiresOn}>
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
      <Field label={UPLOAD_LABELS.file!} hint="PDF, JPEG or PNG, at most 10 MB" error={errors.file}>
        {(a) => (
          <input
            {...a}
            ref={fileInput}
            type="file"
            name="file"
            accept="application/pdf,image/jpeg,image/png"
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
        )}
      </Field>
      {sent && !busy && <Notice tone="success">{sent}</Notice>}
      {busy && (
        <p class="loading" role="status">
          <progress max={1} value={progress} aria-label="Upload progress" /> Uploading {file?.name}…
        </p>
      )}
      <button type="submit" class="button" disabled={busy}>
        {busy ? 'Uploading…' : 'Upload'}
      </button>
    </form>
  );
}

/** Fetches the file with the bearer (an <iframe> or <img> cannot send it) and shows it from a blob URL. */
function FileView({ doc }: { doc: EvidenceDocument }) {
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    let made: string | undefined;
    setUrl(undefined);
    setError(undefined);
    request('GET', `/documents/${doc.id}/file`, undefined, { accept: doc.contentType })
      .then((res) => res.blob())
      .then((blob) => {
        // The type recorded at upload, checked against the bytes: the local runtime serves octet-stream.
        made = URL.createObjectURL(new Blob([blob], { type: doc.contentType }));
        if (live) setUrl(made);
        else URL.revokeObjectURL(made);
      })
      .catch((err: unknown) => live && setError(messageOf(err)));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [doc.id, doc.contentType]);

  if (error)
    return (
      <Notice tone="error" title="Could not open the file">
        {error}
      </Notice>
    );
  if (!url) return <Loading what="the file" />;
  const title = `${typeLabel(doc.type)}: ${doc.fileName}`;
  return (
    <div class="doc-view">
      {doc.contentType === 'application/pdf' ? (
        <iframe src={url} title={title} class="doc-frame" />
      ) : (
        <img src={url} alt={title} class="doc-image" />
      )}
      <p class="small doc-links">
        {/* Phones' browsers often show no PDF inside a page: a new tab opens it in their own viewer. */}
        <a class="button button-secondary button-small" href={url} target="_blank" rel="noopener">
          Open full size
        </a>
        <a href={url} download={doc.fileName}>
          Download {doc.fileName}
        </a>
        <span class="muted">{size(doc.bytes)}</span>
      </p>
    </div>
  );
}

function Review({
  doc,
  today,
  onDecided,
  onRefused,
  listPath,
  clinicianName,
}: {
  doc: EvidenceDocument;
  clinicianName?: string;
  today: string;
  onDecided: (d: EvidenceDocument) => void;
  onRefused: (d: EvidenceDocument, message: string) => void;
  listPath: string;
}) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [reasonError, setReasonError] = useState<string>();
  const [busy, setBusy] = useState<'verify' | 'reject'>();
  const me = useMe();
  const pending = doc.status === 'pending';

  const verify = async () => {
    setBusy('verify');
    setError(undefined);
    try {
      onDecided((await post<{ document: EvidenceDocument }>(`/documents/${doc.id}/verify`)).document);
    } catch (err) {
      // Checked by its content again at verify: a refused file is gone, and the document with it.
      if (err instanceof ApiError && err.code === 'VALIDATION')
        onRefused({ ...doc, status: 'invalid' }, `${doc.fileName} was refused and deleted: ${messageOf(err)}`);
      else setError(messageOf(err));
      setBusy(undefined);
    }
  };
  const reject = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setReasonError('Say why, so they know what to send instead');
    setReasonError(undefined);
    setBusy('reject');
    setError(undefined);
    try {
      onDecided(
        (await post<{ document: EvidenceDocument }>(`/documents/${doc.id}/reject`, { reason: reason.trim() })).document,
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION') setReasonError(err.fieldErrors().reason ?? err.message);
      else setError(messageOf(err));
      setBusy(undefined);
    }
  };

  return (
    <div class="review">
      <section class="card review-file" aria-label="The file">
        <FileView doc={doc} />
      </section>
      <section class="card" aria-labelledby="review-h">
        <h2 id="review-h">{typeLabel(doc.type)}</h2>
        <dl class="details">
          <dt>Status</dt>
          <dd>
            <DocStatus doc={doc} today={today} />
          </dd>
          <dt>Issued</dt>
          <dd>{doc.issuedOn ? dateLabel(doc.issuedOn) : 'Not given'}</dd>
          <dt>Expires</dt>
          <dd>{doc.expiresOn ? dateLabel(doc.expiresOn) : 'No expiry given'}</dd>
          <dt>Uploaded</dt>
          <dd>{onDate(doc.createdAt)}</dd>
          {doc.verifiedAt && (
            <>
              <dt>Verified</dt>
              <dd>
                {onDate(doc.verifiedAt)}
                {doc.verifiedBy === me.id && ' by you'}
              </dd>
            </>
          )}
          {doc.rejectedAt && (
            <>
              <dt>Rejected</dt>
              <dd>
                {onDate(doc.rejectedAt)}
                {doc.reason ? `: ${doc.reason}` : ''}
              </dd>
            </>
          )}
        </dl>
        {error && <Notice tone="error">{error}</Notice>}
        {pending && (
          <>
            <p class="review-ask">
              Check that it names {clinicianName ?? 'them'}, that its dates match those above and that it is the right
              document, then decide.
            </p>
            {!rejecting ? (
              <div class="form-actions">
                <button type="button" class="button" disabled={busy !== undefined} onClick={verify}>
                  {busy === 'verify' ? 'Verifying…' : 'Verify'}
                </button>
                <button type="button" class="button button-warning" onClick={() => setRejecting(true)}>
                  Reject…
                </button>
              </div>
            ) : (
              <form onSubmit={reject} noValidate>
                <Field label="Why is it rejected?" hint="Kept with the document" error={reasonError}>
                  {(a) => (
                    <textarea
                      {...a}
                      name="reason"
                      rows={3}
                      maxLength={500}
                      value={reason}
                      onInput={(e) => setReason(e.currentTarget.value)}
                    />
                  )}
                </Field>
                <div class="form-actions">
                  <button type="submit" class="button button-warning" disabled={busy !== undefined}>
                    {busy === 'reject' ? 'Rejecting…' : 'Reject document'}
                  </button>
                  <button type="button" class="button button-secondary" onClick={() => setRejecting(false)}>
                    Back
                  </button>
                </div>
              </form>
            )}
          </>
        )}
        <p class="review-back">
          <a href={href(listPath)}>← All their documents</a>
        </p>
      </section>
    </div>
  );
}
