// Timeouts, retries and fallback depth. Defaults suit real providers; tests and benchmarks
// shorten them on their own app.
import { perApp } from '../../app/perApp.js';
import type { AppContext } from '../../app/appContext.js';

export type GatewayTuning = {
  /** One provider request, until the response headers (or the first stream chunk). */
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

export const gatewayTuning = perApp((_app: AppContext): GatewayTuning => ({
  requestTimeoutMs: 60_000,
  maxRetries: 2,
  backoffBaseMs: 250,
  backoffMaxMs: 4_000,
  maxRetryAfterMs: 20_000,
  maxFallbacks: 3,
  totalDeadlineMs: 180_000,
  stateTtlMs: 5_000,
}));
