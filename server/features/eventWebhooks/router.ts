// tRPC for event webhooks (client admins): endpoints (the secret is shown once, on create and on
// rotation), the delivery log, redeliver, a test event, and the event catalogue.
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from '#shared/domain/webhookEvents.js';
import { router, withRole } from '#server/trpc/trpc.js';
import { createEndpoint, deleteEndpoint, listEndpoints, rotateSecret, updateEndpoint } from './manageEndpoints.js';
import { listDeliveries, redeliver, sendTestEvent } from './deliveryLog.js';

const clientId = z.string().uuid().optional();
const id = z.string().uuid('id must be a uuid');
const url = safeText().trim().url('give a full URL, e.g. https://n8n.example.com/webhook/uzz').max(2000);
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES as [string, ...string[]]))
  .min(1, 'pick at least one event')
  .max(WEBHOOK_EVENT_TYPES.length);
const description = safeText().trim().max(200).nullable();

export const webhooksRouter = router({
  events: withRole('admin')
    .input(z.object({ clientId }).optional())
    .query(() => WEBHOOK_EVENT_TYPES.map((type) => ({ type, emitted: WEBHOOK_EVENTS[type].emitted }))),
  list: withRole('admin')
    .input(z.object({ clientId }).optional())
    .query(({ ctx }) => listEndpoints(ctx.app, ctx.clientId)),
  create: withRole('admin')
    .input(z.object({ clientId, url, events, description: description.default(null) }))
    .mutation(async ({ ctx, input }) => {
      const created = await createEndpoint(ctx.app, ctx.clientId, input);
      ctx.audit.resourceId = created.endpoint.id;
      return created;
    }),
  update: withRole('admin')
    .input(z.object({ clientId, id, url: url.optional(), events: events.optional(), description: description.optional(), isActive: z.boolean().optional() }))
    .mutation(({ ctx, input }) => updateEndpoint(ctx.app, ctx.clientId, input)),
  remove: withRole('admin')
    .input(z.object({ clientId, id }))
    .mutation(({ ctx, input }) => deleteEndpoint(ctx.app, ctx.clientId, input.id)),
  rotateSecret: withRole('admin')
    .input(z.object({ clientId, id }))
    .mutation(({ ctx, input }) => rotateSecret(ctx.app, ctx.clientId, input.id)),
  deliveries: withRole('admin')
    .input(
      z.object({
        clientId,
        endpointId: id.optional(),
        status: z.enum(['pending', 'delivered', 'failed']).optional(),
        cursor: safeText().max(200).nullish(),
        limit: z.number().int().min(1).max(100).default(30),
      }),
    )
    .query(({ ctx, input }) => listDeliveries(ctx.app, ctx.clientId, input)),
  redeliver: withRole('admin')
    .input(z.object({ clientId, deliveryId: id }))
    .mutation(({ ctx, input }) => redeliver(ctx.app, ctx.clientId, input.deliveryId)),
  sendTest: withRole('admin')
    .input(z.object({ clientId, id }))
    .mutation(({ ctx, input }) => sendTestEvent(ctx.app, ctx.clientId, input.id)),
});
