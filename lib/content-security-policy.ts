/**
 * The web app's Content-Security-Policy: one definition for CloudFront (AWS)
 * and for the local runtime that serves the same build, so whatever a browser
 * would refuse in AWS it refuses in the e2e tests too.
 *
 * `connectTo`: origins the app calls besides its own. Locally there are none
 * (the API and the upload address are the page's own origin); in AWS the API,
 * Cognito, and the buckets a document is PUT to and a download is redirected to.
 */
export function contentSecurityPolicy(connectTo: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `connect-src ${["'self'", ...connectTo].join(' ')}`,
    // An evidence file is fetched with the bearer token and shown from a blob: address the app makes of it.
    "img-src 'self' data: blob:",
    'frame-src blob:',
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
