import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';

export const LOCAL_ISSUER = 'https://rota-bank.local/dev';
export const LOCAL_AUDIENCE = 'rota-bank-local-web';
const TOKEN_HOURS = 12;
/** How far the issuer's clock may run ahead of this one before a token's iat reads as forged. */
const IAT_LEEWAY_SECONDS = 60;

type Key = Awaited<ReturnType<typeof importJWK>>;

export interface LocalJwt {
  issue(claims: Record<string, unknown>, options?: { expiresInSeconds?: number }): Promise<string>;
  /** Checks a token as API Gateway's JWT authorizer would: signature, algorithm, issuer, audience, expiry, issue time, token use. */
  verify(token: string): Promise<JWTPayload>;
}

/**
 * A local stand-in for Cognito: RS256 ID tokens with Cognito's claim names.
 * The key pair is kept under the data folder so tokens outlive a restart.
 */
export async function createLocalJwt(dataDir?: string): Promise<LocalJwt> {
  let privateKey: Key;
  let publicKey: Key;
  const file = dataDir ? join(dataDir, 'jwt-key.json') : undefined;
  if (file && existsSync(file)) {
    const { privateJwk, publicJwk } = JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
    privateKey = await importJWK(privateJwk, 'RS256');
    publicKey = await importJWK(publicJwk, 'RS256');
  } else {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicKey = pair.publicKey;
    if (file && dataDir) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(
        file,
        JSON.stringify({ privateJwk: await exportJWK(pair.privateKey), publicJwk: await exportJWK(pair.publicKey) }),
        { mode: 0o600 },
      );
    }
  }

  return {
    async issue(claims, options = {}) {
      return new SignJWT({ ...claims, token_use: 'id' })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject(String(claims.sub))
        .setIssuedAt()
        .setExpirationTime(`${options.expiresInSeconds ?? TOKEN_HOURS * 3600}s`)
        .sign(privateKey);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, publicKey, {
        algorithms: ['RS256'],
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (payload.token_use !== 'id') throw new Error('not an ID token');
      // jose checks that iat is a number, not that it has passed: a token "issued" tomorrow was not issued by us.
      if ((payload.iat as number) > Date.now() / 1000 + IAT_LEEWAY_SECONDS) throw new Error('issued in the future');
      return payload;
    },
  };
}
