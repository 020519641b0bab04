/** Small building blocks shared by the pages. */
import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, isNotAvailable } from './api';

export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} – Rota Bank`;
  }, [title]);
}

export interface Async<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/** Runs `load` when `deps` change; `reload()` runs it again; stale answers are dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error) => mine === seq.current && setState({ error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((data: T) => setState({ data, loading: false }), []);
  return { ...state, reload, setData };
}

/** Calls `fn` every `ms` while mounted and the tab is visible. */
export function useInterval(fn: () => void, ms: number | undefined) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (!ms) return;
    const id = setInterval(() => {
      if (document.visibilityState !== 'hidden') saved.current();
    }, ms);
    return () => clearInterval(id);
  }, [ms]);
}

export const messageOf = (e: unknown) =>
  e instanceof ApiError || e instanceof Error ? e.message : 'Something went wrong. Please try again.';

export function Notice(props: {
  tone?: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  children?: ComponentChildren;
  id?: string;
}) {
  const tone = props.tone ?? 'info';
  const urgent = tone === 'error' || tone === 'warning';
  return (
    <div class={`notice notice-${tone}`} role={urgent ? 'alert' : 'status'} id={props.id}>
      {props.title && <p class="notice-title">{props.title}</p>}
      {props.children && <div>{props.children}</div>}
    </div>
  );
}

/**
 * The error of a load: "not available yet" when the API answering has no such
 * route (the app served ahead of its API, say), else the message.
 */
export function LoadError({ error, what }: { error: unknown; what: string }) {
  if (isNotAvailable(error))
    return (
      <Notice tone="info" title={`${what}: not available yet`}>
        This server does not offer this part of Rota Bank yet. Everything else works; please check back soon.
      </Notice>
    );
  return (
    <Notice tone="error" title={`Could not load ${what.toLowerCase()}`}>
      {messageOf(error)}
    </Notice>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** Shows whichever of loading, error or content applies. */
export function Loaded<T>(props: { state: Async<T>; what: string; children: (data: T) => ComponentChildren }) {
  const { state } = props;
  if (state.error !== undefined) return <LoadError error={state.error} what={props.what} />;
  if (state.data === undefined) return <Loading what={props.what.toLowerCase()} />;
  return <>{props.children(state.data)}</>;
}

type Tone = 'open' | 'filled' | 'cancelled' | 'ok' | 'warn' | 'bad' | 'neutral' | 'info';
export function Badge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

export const STATUS_TONE: Record<string, Tone> = {
  open: 'open',
  filled: 'filled',
  cancelled: 'cancelled',
  confirmed: 'filled',
  live: 'open',
  accepted: 'filled',
  declined: 'neutral',
  expired: 'neutral',
  withdrawn: 'neutral',
  submitted: 'info',
  queried: 'warn',
  approved: 'ok',
  rejected: 'bad',
  exported: 'neutral',
  issued: 'info',
  paid: 'ok',
  running: 'info',
  ready: 'ok',
  failed: 'bad',
};
export const StatusBadge = ({ status }: { status: string }) => (
  <Badge tone={STATUS_TONE[status] ?? 'neutral'}>{status.charAt(0).toUpperCase() + status.slice(1)}</Badge>
);

/** A labelled form field with its hint and error, wired for screen readers. */
export function Field(props: {
  label: string;
  hint?: string;
  error?: string;
  children: (attrs: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => JSX.Element;
  class?: string;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${props.error ? ' field-error' : ''} ${props.class ?? ''}`}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error-message" id={errorId}>
          <span class="visually-hidden">Error:</span> {props.error}
        </p>
      )}
      {props.children({ id, 'aria-describedby': describedBy, 'aria-invalid': props.error ? true : undefined })}
    </div>
  );
}

/** A box listing every field error at the top of a form, each linking to its field. */
export function ErrorSummary({ errors, labels }: { errors: Record<string, string>; labels: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const keys = Object.keys(errors);
  useEffect(() => {
    if (keys.length) ref.current?.focus();
  }, [keys.join()]);
  if (!keys.length) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>There is a problem</h2>
      <ul>
        {keys.map((k) => (
          <li key={k}>
            {labels[k] ? `${labels[k]}: ` : ''}
            {errors[k]}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PageHeader(props: { title: string; lead?: ComponentChildren; actions?: ComponentChildren }) {
  useTitle(props.title);
  return (
    <div class="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.lead && <p class="lead">{props.lead}</p>}
      </div>
      {props.actions && <div class="page-actions">{props.actions}</div>}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
