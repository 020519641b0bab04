/**
 * Stands in, inside the Lambda bundles only, for the AWS SDK's credential
 * providers that read a profile, an SSO cache, a credential process or a web
 * identity token file. None of those exist in a Lambda: its credentials come
 * from the environment (fromEnv, first in the default chain) or the container
 * endpoint (remoteProvider, last), and both stay bundled. Each stand-in does
 * what the real provider does when it finds nothing, a CredentialsProviderError
 * with tryNextLink, so the chain moves on exactly as it would have. Together
 * the real ones are about 110 KB minified (they bring the STS, SSO and sign-in
 * clients with them).
 */
type Provider = () => Promise<never>;

const unusable =
  (name: string) =>
  (..._init: unknown[]): Provider =>
  async () => {
    throw Object.assign(new Error(`${name} is not bundled: a Lambda has no profile, SSO or web identity to read`), {
      name: 'CredentialsProviderError',
      tryNextLink: true,
    });
  };

export const fromSSO = unusable('fromSSO');
export const fromIni = unusable('fromIni');
export const fromProcess = unusable('fromProcess');
export const fromTokenFile = unusable('fromTokenFile');
