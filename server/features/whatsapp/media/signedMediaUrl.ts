// Short-lived signed media URLs: /media/<message id>?exp=<unix seconds>&sig=<HMAC>. <img>, <audio>
// and <video> cannot send an Authorization header, and a session token in a query string ends up
// in logs, history and Referer headers; a signed URL is good for one file for ten minutes only.
// The HMAC covers the message id, its client and the expiry. The key is derived from the vault's
// master key (HKDF, vault.deriveKey): every instance that can read the vault must share the master
// key anyway, so they all accept each other's URLs without a table or a shared random secret.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';

export const MEDIA_URL_TTL_SECONDS = 10 * 60;

const signingKey = perApp((app: AppContext) => app.vault.deriveKey('media-url-v1'));

function signature(app: AppContext, clientId: string, messageId: string, expires: number): string {
  return createHmac('sha256', signingKey(app)).update(`${clientId}\n${messageId}\n${expires}`).digest('base64url');
}

export function signMediaUrl(app: AppContext, target: { clientId: string; messageId: string }, nowMs = Date.now()): { url: string; expiresAt: string } {
  const expires = Math.floor(nowMs / 1000) + MEDIA_URL_TTL_SECONDS;
  const sig = signature(app, target.clientId, target.messageId, expires);
  return { url: `/media/${target.messageId}?exp=${expires}&sig=${sig}`, expiresAt: new Date(expires * 1000).toISOString() };
}

/** The expiry, when it is a unix time still in the future and not further than one TTL ahead. */
export function liveExpiry(exp: unknown, nowMs = Date.now()): number | null {
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp)) return null;
  const expires = Number(exp);
  const now = Math.floor(nowMs / 1000);
  return expires >= now && expires <= now + MEDIA_URL_TTL_SECONDS + 60 ? expires : null;
}

export function mediaSignatureValid(app: AppContext, target: { clientId: string; messageId: string }, expires: number, sig: string): boolean {
  const expected = Buffer.from(signature(app, target.clientId, target.messageId, expires));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
