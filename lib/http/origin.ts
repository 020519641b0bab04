import type { HttpEvent } from './handler';

/**
 * Where the caller reached the API, for addresses handed to other programs
 * (a calendar app subscribing to a feed). API Gateway sets
 * `x-forwarded-proto`; the local runtime sets nothing and speaks plain HTTP.
 */
export function apiOrigin(event: HttpEvent): string {
  const headers = event.headers ?? {};
  const host = headers.host ?? event.requestContext?.domainName ?? 'localhost';
  const forwarded = headers['x-forwarded-proto']?.split(',')[0]?.trim();
  const local = /^(localhost|127\.|\[::1\])/.test(host);
  const proto = forwarded === 'http' || forwarded === 'https' ? forwarded : local ? 'http' : 'https';
  return `${proto}://${host}`;
}
