import type { Feature } from '#server/app/feature.js';
import { deliverPush } from './push/deliverPush.js';
import { PUSH_JOB, PUSH_RECEIPTS_JOB } from './push/enqueuePush.js';
import { readExpoReceipts } from './push/readExpoReceipts.js';

/** Push deliveries are durable jobs (server/jobs): retried with backoff, drained at shutdown. */
export const pushTokensFeature: Feature = {
  name: 'pushTokens',
  async start(app) {
    app.jobs.register(PUSH_JOB, (job) => deliverPush(app, job), {
      maxAttempts: 6,
      backoffMs: () => app.config.push.retryBaseMs ?? 5_000,
      backoffMaxMs: 300_000,
    });
    app.jobs.register(PUSH_RECEIPTS_JOB, (job) => readExpoReceipts(app, job), { maxAttempts: 4, backoffMs: 60_000, backoffMaxMs: 30 * 60_000 });
  },
};
