import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/manager/shifts`): the API owns the real paths (`/shifts` is
 * JSON), so the app lives at `/` and routes after the hash.
 */
export interface Location {
  path: string;
  query: URLSearchParams;
}

export function currentLocation(): Location {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?');
  return { path: path || '/', query: new URLSearchParams(search) };
}

export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = () => setLocation(currentLocation());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return location;
}

export const href = (path: string) => `#${path}`;

export function navigate(path: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.location.replace(href(path));
  else window.location.hash = path;
}

/** Matches `/manager/shifts/:id` against a path; returns the parameters or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  const m = new RegExp(`^${source}/?$`).exec(path);
  if (!m) return undefined;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
}
