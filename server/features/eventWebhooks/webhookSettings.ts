// Delivery tuning, per app (tests shorten the backoff and the timeout).
import { perApp } from '#server/app/perApp.js';

export type WebhookSettings = {
  /** One attempt's limit: no answer by then is a failure, retried. */
  timeoutMs: number;
  /** First retry after about this long, doubling (capped at an hour), for up to `retryForMs`. */
  backoffMs: number;
  retryForMs: number;
  /** An endpoint failing every delivery this long (no success since the first failure) is disabled. */
  disableAfterMs: number;
  /** How long a rotated-out secret keeps signing beside the new one. */
  rotationOverlapMs: number;
};

export const webhookSettings = perApp((_app: object): WebhookSettings => ({
  timeoutMs: 10_000,
  backoffMs: 10_000,
  retryForMs: 24 * 60 * 60_000,
  disableAfterMs: 24 * 60 * 60_000,
  rotationOverlapMs: 24 * 60 * 60_000,
}));

export const WEBHOOK_DELIVERY_JOB = 'webhooks.deliver';
/** Enough attempts for a day: 10 s doubling to 1 h, then hourly (the age check ends it at 24 h). */
export const WEBHOOK_MAX_ATTEMPTS = 40;
export const WEBHOOK_BACKOFF_MAX_MS = 60 * 60_000;
