// The OAuth2 access token FCM HTTP v1 takes: a JWT signed RS256 with the service account's private
// key (node:crypto) is exchanged at the token endpoint (RFC 7523), and the token is reused until
// a minute before it expires. One per process; a 401 from FCM forgets it.
import { createSign } from 'node:crypto';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { FcmServiceAccount } from '#server/config.js';
import { PushTransientError } from './pushErrors.js';

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const LIFETIME_S = 3600;

const cache = perApp((_app: AppContext) => ({ token: null as { value: string; expiresAt: number } | null, pending: null as Promise<string> | null }));

/** The signed assertion: header.claims.signature, each base64url. */
export function signedAssertion(account: FcmServiceAccount, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(account.privateKeyId ? { kid: account.privateKeyId } : {}) };
  const claims = { iss: account.clientEmail, scope: SCOPE, aud: account.tokenUri, iat, exp: iat + LIFETIME_S };
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(account.privateKey);
  return `${unsigned}.${signature.toString('base64url')}`;
}

export async function fcmAccessToken(app: AppContext, account: FcmServiceAccount): Promise<string> {
  const state = cache(app);
  if (state.token && state.token.expiresAt > Date.now() + 60_000) return state.token.value;
  // Concurrent deliveries share one exchange.
  state.pending ??= exchange(account)
    .then((token) => {
      state.token = token;
      return token.value;
    })
    .finally(() => {
      state.pending = null;
    });
  return state.pending;
}

export function forgetFcmAccessToken(app: AppContext): void {
  cache(app).token = null;
}

async function exchange(account: FcmServiceAccount): Promise<{ value: string; expiresAt: number }> {
  const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signedAssertion(account) });
  let response: Response;
  try {
    response = await fetch(account.tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new PushTransientError(`the OAuth token endpoint could not be reached: ${(error as Error).message}`);
  }
  const answer = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error_description?: unknown; error?: unknown };
  if (!response.ok || typeof answer.access_token !== 'string') {
    const reason = String(answer.error_description ?? answer.error ?? `HTTP ${response.status}`);
    // A refused grant (bad key, wrong account) will not fix itself on retry, but the operator may
    // replace the key file and restart: retried like the rest, and the reason is logged.
    throw new PushTransientError(`the OAuth token endpoint refused the service account: ${reason}`);
  }
  const seconds = typeof answer.expires_in === 'number' ? answer.expires_in : LIFETIME_S;
  return { value: answer.access_token, expiresAt: Date.now() + seconds * 1000 };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
