// The browser's session cookie: HttpOnly (a script injected into the page cannot read the token),
// SameSite=Strict (no other site's page makes the browser send it), Path=/, Secure over https.
// @fastify/cookie is not installed, so the one cookie is written as a Set-Cookie header and read
// with the small parser below. Bearer headers (CLI, API clients, tests) keep working as before.
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionPolicy } from './sessions.js';

const BASE_NAME = 'uzz_session';

/**
 * Cookies are shared by every port of a host: the desktop app's local server and another server on
 * 127.0.0.1 would overwrite each other's. The name carries the port the browser used.
 */
export function sessionCookieName(headers: IncomingHttpHeaders): string {
  const port = /:(\d{1,5})$/.exec(headers.host ?? '')?.[1];
  return port ? `${BASE_NAME}_${port}` : BASE_NAME;
}

/** The value of the session cookie, or null (the first one when the header repeats it). */
export function readSessionCookie(headers: IncomingHttpHeaders): string | null {
  const header = headers.cookie;
  if (!header) return null;
  const name = sessionCookieName(headers);
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const value = part.slice(at + 1).trim();
    // Our tokens are base64url: anything else is not ours and is ignored.
    return /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : null;
  }
  return null;
}

/** Where the request's session token came from: a Bearer header wins over the cookie. */
export type SessionCredential = { token: string; via: 'bearer' | 'cookie' } | null;

export function sessionCredential(request: FastifyRequest): SessionCredential {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7), via: 'bearer' };
  const cookie = readSessionCookie(request.headers);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/** https directly, or behind a proxy that says so (the flag only narrows where the cookie goes). */
function overHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return request.protocol === 'https' || first === 'https';
}

function cookieHeader(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const parts = [`${sessionCookieName(request.headers)}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
  if (overHttps(request)) parts.push('Secure');
  return parts.join('; ');
}

/** What a procedure uses to hand the browser its session cookie, or take it back. */
export type SessionCookieWriter = { set(token: string): void; clear(): void };

export function sessionCookieWriter(request: FastifyRequest, reply: FastifyReply, policy: SessionPolicy): SessionCookieWriter {
  return {
    // Lives as long as the longest session may; the server still ends it earlier when idle.
    set: (token) => void reply.header('set-cookie', cookieHeader(request, token, Math.round(policy.sessionMaxDays * 86_400))),
    clear: () => void reply.header('set-cookie', cookieHeader(request, '', 0)),
  };
}

export const NO_SESSION_COOKIE: SessionCookieWriter = { set: () => undefined, clear: () => undefined };
