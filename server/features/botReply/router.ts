// bot.*: the bot's configuration for the client's administrators (the settings form): read with
// the defaults filled in, and changed field by field, validated by the shared schema (unknown keys
// and bad values are refused with a readable message). Mutations are audited (server/trpc).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { botConfigurationChanges } from '#shared/bot/botConfiguration.js';
import { router, withRole } from '#server/trpc/trpc.js';
import { gatewayState } from '../gateway/index.js';
import { readBotConfiguration, writeBotConfiguration } from './botConfigurationStore.js';

const admin = withRole('admin');
const clientId = z.string().uuid('not a valid client id').optional(); // platform administrators name the client

export const botRouter = router({
  settings: admin.input(z.object({ clientId }).optional()).query(async ({ ctx }) => {
    const config = await ctx.app.db.tenant(ctx.clientId, (tx) => readBotConfiguration(ctx.app, tx, ctx.clientId));
    if (!config) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
    return config;
  }),

  updateSettings: admin.input(botConfigurationChanges.extend({ clientId })).mutation(async ({ ctx, input }) => {
    const { clientId: _clientId, ...changes } = input;
    if (Object.keys(changes).length === 0) throw new TRPCError({ code: 'BAD_REQUEST', message: 'nothing to change' });
    const models = [changes.model, ...(changes.fallbackModels ?? [])].filter((name): name is string => typeof name === 'string');
    if (models.length > 0) {
      // A model the gateway does not know would only fail later, at a customer's message.
      const state = await gatewayState(ctx.app).get();
      const unknown = models.find((name) => !state.models.some((model) => model.gatewayIdentifier === name || model.modelName === name));
      if (unknown) throw new TRPCError({ code: 'BAD_REQUEST', message: `no model "${unknown}" in the model registry` });
    }
    ctx.audit.resourceId = ctx.clientId;
    await ctx.app.db.tenant(ctx.clientId, (tx) => writeBotConfiguration(ctx.app, tx, ctx.clientId, changes));
    return ctx.app.db.tenant(ctx.clientId, async (tx) => (await readBotConfiguration(ctx.app, tx, ctx.clientId))!);
  }),
});
