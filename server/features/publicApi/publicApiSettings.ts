// The public API's limits, per app (tests lower them). PUBLIC_API_RATE_LIMIT: requests per API key
// per minute, counted in the database so it holds across server instances.
import { perApp } from '#server/app/perApp.js';

export type PublicApiSettings = { requestsPerWindow: number; windowMs: number; idempotencyTtlMs: number; pendingTakeoverMs: number };

export const publicApiSettings = perApp((_app: object): PublicApiSettings => ({
  requestsPerWindow: Math.max(1, Number(process.env.PUBLIC_API_RATE_LIMIT) || 120),
  windowMs: 60_000,
  idempotencyTtlMs: 24 * 60 * 60_000,
  /** A claim left `pending` this long (its server died mid-request) may be taken over by a retry. */
  pendingTakeoverMs: 5 * 60_000,
}));
