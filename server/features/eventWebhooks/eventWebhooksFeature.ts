import type { Feature } from '#server/app/feature.js';
import { onDomainEvent } from '#server/app/domainEvents.js';
import { deliverWebhook } from './deliverWebhook.js';
import { enqueueDeliveries } from './enqueueDeliveries.js';
import { WEBHOOK_BACKOFF_MAX_MS, WEBHOOK_DELIVERY_JOB, WEBHOOK_MAX_ATTEMPTS, webhookSettings } from './webhookSettings.js';

/** Event webhooks: domain events become signed, retried, ordered deliveries to the client's URLs. */
export const eventWebhooksFeature: Feature = {
  name: 'eventWebhooks',
  start(app) {
    onDomainEvent(app, (tx, event) => enqueueDeliveries(app, tx, event));
    app.jobs.register(WEBHOOK_DELIVERY_JOB, (job) => deliverWebhook(app, job), {
      maxAttempts: WEBHOOK_MAX_ATTEMPTS,
      backoffMs: () => webhookSettings(app).backoffMs,
      backoffMaxMs: WEBHOOK_BACKOFF_MAX_MS,
    });
  },
};
