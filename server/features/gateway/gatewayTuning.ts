// Timeouts, retries and fallback depth. Defaults suit real providers; the request timeout is the
// server's PROVIDER_TIMEOUT_MS; tests and benchmarks shorten the rest on their own app.
import { perApp } from '#server/app/perApp.js';
import type { AppContext } from '#server/app/appContext.js';

export type GatewayTuning = {
  /** One provider request, until the response headers (or the first stream chunk): PROVIDER_TIMEOUT_MS. */
  requestTimeoutMs: number;
  /** Retries of one model on 429 / 5xx / connection errors before falling back. */
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A Retry-After longer than this is not waited for: the next model is tried instead. */
  maxRetryAfterMs: number;
  /** Models tried after the first one, at most. */
  maxFallbacks: number;
  /** The whole call, retries and fallbacks included. */
  totalDeadlineMs: number;
  /** How long registry and configuration reads are reused (other instances' edits show up after this). */
  stateTtlMs: number;
};

export const gatewayTuning = perApp((app: AppContext): GatewayTuning => ({
  requestTimeoutMs: app.config.providerTimeoutMs,
  maxRetries: 2,
  backoffBaseMs: 250,
  backoffMaxMs: 4_000,
  maxRetryAfterMs: 20_000,
  maxFallbacks: 3,
  // At least one whole attempt, however long the configured timeout.
  totalDeadlineMs: Math.max(180_000, app.config.providerTimeoutMs),
  stateTtlMs: 5_000,
}));
