// tRPC for a client's model provider connections (the "Connect a model provider" form): list,
// save, remove and test (client admins and owners; keys are write-only), the fallback message sent
// when the AI reply cannot answer, and whether any provider
// can answer for the client (every member: the inbox and bot settings show a banner when none).
import { z } from 'zod';
import { router, withRole } from '#server/trpc/trpc.js';
import { fallbackMessageInput, readFallbackMessage, setFallbackMessage } from './fallbackMessage.js';
import { listProviderConnections } from './listProviderConnections.js';
import { providerStatus } from './providerStatus.js';
import { removeProviderConnection } from './removeProviderConnection.js';
import { providerKind, saveConnectionInput, saveProviderConnection } from './saveProviderConnection.js';
import { testConnectionInput, testProviderConnection } from './testProviderConnection.js';

const clientId = z.string().uuid().optional(); // platform administrators name the client (see tenantProcedure)

export const aiProvidersRouter = router({
  list: withRole('admin')
    .input(z.object({ clientId }).optional())
    .query(({ ctx }) => listProviderConnections(ctx.app, ctx.clientId)),

  status: withRole('viewer')
    .input(z.object({ clientId }).optional())
    .query(({ ctx }) => providerStatus(ctx.app, ctx.clientId)),

  save: withRole('admin')
    .input(saveConnectionInput)
    .mutation(async ({ ctx, input }) => {
      const result = await saveProviderConnection(ctx.app, ctx.clientId, input);
      ctx.audit.resourceId = ctx.clientId;
      return result;
    }),

  remove: withRole('admin')
    .input(z.object({ clientId, kind: providerKind }))
    .mutation(async ({ ctx, input }) => {
      const result = await removeProviderConnection(ctx.app, ctx.clientId, input.kind);
      ctx.audit.resourceId = ctx.clientId;
      return result;
    }),

  fallbackMessage: withRole('admin')
    .input(z.object({ clientId }).optional())
    .query(async ({ ctx }) => ({ message: await readFallbackMessage(ctx.app, ctx.clientId) })),

  setFallbackMessage: withRole('admin')
    .input(fallbackMessageInput)
    .mutation(async ({ ctx, input }) => {
      const result = await setFallbackMessage(ctx.app, ctx.clientId, input.message);
      ctx.audit.resourceId = ctx.clientId;
      return result;
    }),

  testConnection: withRole('admin')
    .input(testConnectionInput)
    .mutation(async ({ ctx, input }) => {
      ctx.audit.resourceId = ctx.clientId;
      return testProviderConnection(ctx.app, ctx.clientId, input);
    }),
});
