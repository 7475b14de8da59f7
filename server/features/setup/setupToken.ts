// The one-time set-up token. A server reachable from a network (HOST not a loopback address) that
// starts with no user at all would otherwise hand its owner account to whoever opens it first; so
// it makes a random token at start and prints it in its log, and the set-up requires it. On
// loopback only people on this machine can reach it, and they can read the log anyway: no token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import os from 'node:os';
import { TRPCError } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { setupNeeded } from './setupNeeded.js';

type SetupTokenState = { token: string | null; http: FastifyInstance | null };

export const setupTokenState = perApp((_app: AppContext): SetupTokenState => ({ token: null, http: null }));

export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || /^::ffff:127(\.\d{1,3}){3}$/.test(bare);
}

/** At start: makes and logs the token when this server needs one (see the file comment). */
export async function issueSetupTokenIfNeeded(app: AppContext): Promise<void> {
  if (app.config.launchToken || isLoopbackHost(app.config.host)) return;
  if (!(await setupNeeded(app))) return;
  const state = setupTokenState(app);
  state.token = randomBytes(18).toString('base64url');
  app.log.warn(`First-run set-up: open ${setupUrl(app, state.http)} and enter the set-up token ${state.token}`);
}

function setupUrl(app: AppContext, http: FastifyInstance | null): string {
  const address = http?.server.address();
  const port = address && typeof address === 'object' ? address.port : app.config.port;
  const wildcard = app.config.host === '0.0.0.0' || app.config.host === '::';
  const host = wildcard ? os.hostname() : app.config.host.includes(':') ? `[${app.config.host}]` : app.config.host;
  return `http://${host}:${port}/`;
}

/** Refuses the set-up unless the token is not needed or `given` is it (compared in constant time). */
export function checkSetupToken(app: AppContext, given: string | undefined): void {
  const expected = setupTokenState(app).token;
  if (expected === null) return;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  if (!given || !timingSafeEqual(digest(given.trim()), digest(expected))) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: given
        ? 'the set-up token is wrong: copy it from the server\'s log (the line "First-run set-up")'
        : 'this server asks for its set-up token: copy it from the server\'s log (the line "First-run set-up")',
    });
  }
}

/** Once the set-up is done the token is spent. */
export function spendSetupToken(app: AppContext): void {
  setupTokenState(app).token = null;
}
