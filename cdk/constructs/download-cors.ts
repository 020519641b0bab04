import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The CORS rule of a bucket the API redirects downloads to. The web app
 * fetches `GET /documents/{id}/file` (and a large payroll CSV) with its bearer
 * token; the API answers 302 to a presigned address in the bucket, and a
 * browser following a redirect to another origin sends `Origin: null` (the
 * Fetch standard's tainted origin) and drops the Authorization header. No
 * named origin can match that, so a GET from any origin is allowed. It gives
 * nothing away: the presigned address is itself the credential, valid for 15
 * minutes, and no cookie is sent. Uploads stay limited to the web origins.
 */
export const REDIRECTED_DOWNLOADS: s3.CorsRule = {
  allowedOrigins: ['*'],
  allowedMethods: [s3.HttpMethods.GET],
  exposedHeaders: ['content-type', 'content-length', 'content-disposition'],
  maxAge: 3000,
};
