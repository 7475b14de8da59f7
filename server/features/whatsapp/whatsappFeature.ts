// The WhatsApp channel: webhook routes and media serving, the inbox processor and the outbox
// sender (both started once the server listens and stopped, drained, before the database closes).
import type { AppContext } from '#server/app/appContext.js';
import type { Feature } from '#server/app/feature.js';
import { perApp } from '#server/app/perApp.js';
import { createInboxProcessor, type InboxProcessor } from './inbox/inboxProcessor.js';
import { registerMediaRoute } from './media/registerMediaRoute.js';
import { createOutboxSender, type OutboxSender } from './outbox/outboxSender.js';
import { registerWebhookRoutes } from './webhook/registerWebhookRoutes.js';

export const whatsappWorkers = perApp<AppContext, { inbox: InboxProcessor; outbox: OutboxSender }>((app) => ({
  inbox: createInboxProcessor(app, { leaseMs: app.config.whatsapp.inboxLeaseMs }),
  outbox: createOutboxSender(app, { leaseMs: app.config.whatsapp.outboxLeaseMs }),
}));

export const whatsappFeature: Feature = {
  name: 'whatsapp',
  async registerRoutes(http, app) {
    await registerWebhookRoutes(http, app);
    registerMediaRoute(http, app);
  },
  async start(app) {
    await whatsappWorkers(app).inbox.start();
    await whatsappWorkers(app).outbox.start();
  },
  async stop(app) {
    await whatsappWorkers(app).inbox.stop();
    await whatsappWorkers(app).outbox.stop();
  },
};
