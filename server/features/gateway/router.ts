// tRPC for the gateway: the model registry and the platform configuration (platform
// administrators), a client's provider keys and price overrides (client admins), usage and cache
// figures (client admins, like the spend dashboard: usage rows and their costs are not for agents or viewers).
import { TRPCError } from '@trpc/server';
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import type { AppContext } from '#server/app/appContext.js';
import type { ModelCapabilities } from '#server/db/json-types.js';
import { platformAdminProcedure, router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { touchClientProfile } from './clientGatewayProfile.js';
import { gatewayState } from './gatewayState.js';
import { gatewayIdentifier } from './modelCatalogue.js';
import { dec, formatDec } from './money.js';

const decimal = safeText()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,10})?$/, 'a decimal number such as 0.15 (up to 10 decimals)');
const modelRef = safeText().trim().min(1).max(200);
const secretValue = safeText().trim().min(8, 'that key is too short').max(500);

const registryInput = z.object({
  provider: safeText()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, 'provider: lowercase letters, digits, - or _'),
  modelName: safeText().trim().min(1).max(200),
  gatewayIdentifier: safeText().trim().min(3).max(250).optional(),
  capabilities: z.record(safeText(), z.union([z.boolean(), z.number(), safeText()])).default({}),
  contextWindow: z.number().int().positive().nullable().default(null),
  maxOutputTokens: z.number().int().positive().nullable().default(null),
  inputPricePerMillion: decimal.default('0'),
  outputPricePerMillion: decimal.default('0'),
  cachedInputPricePerMillion: decimal.nullable().default(null),
  isActive: z.boolean().default(true),
  description: safeText().max(500).nullable().default(null),
  /** For OpenAI-compatible servers other than OpenAI, Groq and Anthropic (Ollama, vLLM, OpenRouter). */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  apiKey: secretValue.nullable().optional(),
});

const invalidate = (app: AppContext) => gatewayState(app).invalidate();

export const gatewayRouter = router({
  models: tenantProcedure.query(async ({ ctx }) => {
    const state = await gatewayState(ctx.app).get();
    return state.models.filter((model) => model.isActive).map(publicModel);
  }),

  registry: router({
    list: platformAdminProcedure.query(async ({ ctx }) => {
      const { aiModelsRegistry } = ctx.app.db.t;
      const rows = await ctx.app.db.system((tx) => tx.select().from(aiModelsRegistry).orderBy(asc(aiModelsRegistry.gatewayIdentifier)));
      return rows.map(publicModel);
    }),
    upsert: platformAdminProcedure.input(registryInput).mutation(async ({ ctx, input }) => {
      const { aiModelsRegistry } = ctx.app.db.t;
      const identifier = input.gatewayIdentifier ?? gatewayIdentifier(input.provider, input.modelName);
      const builtIn = ['openai', 'groq', 'anthropic'].includes(input.provider);
      if (!builtIn && !input.baseUrl && !input.capabilities.base_url) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `provider "${input.provider}" is not built in: give the base URL of its OpenAI-compatible API` });
      }
      const row = await ctx.app.db.system(async (tx) => {
        const [existing] = await tx.select().from(aiModelsRegistry).where(eq(aiModelsRegistry.gatewayIdentifier, identifier));
        const capabilities: ModelCapabilities = { ...input.capabilities };
        if (input.baseUrl) capabilities.base_url = input.baseUrl.replace(/\/+$/, '');
        const previousKey = typeof existing?.capabilities.api_key_secret_id === 'string' ? existing.capabilities.api_key_secret_id : null;
        if (input.apiKey) {
          capabilities.api_key_secret_id = await ctx.app.vault.upsert(tx, previousKey, {
            clientId: null,
            name: `model_key:${identifier}`,
            value: input.apiKey,
          });
        } else if (input.apiKey === null) {
          if (previousKey) await ctx.app.vault.remove(tx, previousKey);
        } else if (previousKey) capabilities.api_key_secret_id = previousKey;
        const values = {
          provider: input.provider,
          modelName: input.modelName,
          gatewayIdentifier: identifier,
          capabilities,
          contextWindow: input.contextWindow,
          maxOutputTokens: input.maxOutputTokens,
          inputPricePerMillion: input.inputPricePerMillion,
          outputPricePerMillion: input.outputPricePerMillion,
          cachedInputPricePerMillion: input.cachedInputPricePerMillion,
          isActive: input.isActive,
          description: input.description,
        };
        if (existing) {
          const [updated] = await tx.update(aiModelsRegistry).set(values).where(eq(aiModelsRegistry.id, existing.id)).returning();
          return updated!;
        }
        const [created] = await tx.insert(aiModelsRegistry).values(values).returning();
        return created!;
      });
      ctx.audit.resourceId = row.id;
      invalidate(ctx.app);
      return publicModel(row);
    }),
    setActive: platformAdminProcedure.input(z.object({ gatewayIdentifier: modelRef, isActive: z.boolean() })).mutation(async ({ ctx, input }) => {
      const { aiModelsRegistry } = ctx.app.db.t;
      const [row] = await ctx.app.db.system((tx) =>
        tx.update(aiModelsRegistry).set({ isActive: input.isActive }).where(eq(aiModelsRegistry.gatewayIdentifier, input.gatewayIdentifier)).returning(),
      );
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `no model ${input.gatewayIdentifier} in the registry` });
      ctx.audit.resourceId = row.id;
      invalidate(ctx.app);
      return publicModel(row);
    }),
  }),

  config: router({
    get: platformAdminProcedure.query(async ({ ctx }) => {
      const { sharedGatewayConfig } = ctx.app.db.t;
      const [row] = await ctx.app.db.system((tx) => tx.select().from(sharedGatewayConfig).orderBy(asc(sharedGatewayConfig.createdAt)).limit(1));
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'the gateway is not configured yet (the server seeds it at start-up)' });
      return {
        defaultModel: row.defaultModel,
        fallbackChain: row.fallbackChain,
        usdToBrlRate: row.usdToBrlRate,
        cacheEnabled: row.cacheEnabled,
        cacheTtlSeconds: row.cacheTtlSeconds,
        keys: { openai: row.openaiApiKeySecretId !== null, groq: row.groqApiKeySecretId !== null, anthropic: row.anthropicApiKeySecretId !== null },
      };
    }),
    update: platformAdminProcedure
      .input(
        z.object({
          defaultModel: modelRef.optional(),
          fallbackChain: z.array(modelRef).max(10).optional(),
          usdToBrlRate: decimal.refine((value) => dec(value) > 0n, 'the rate must be above zero').optional(),
          cacheEnabled: z.boolean().optional(),
          cacheTtlSeconds: z
            .number()
            .int()
            .min(1)
            .max(90 * 86_400)
            .optional(),
          openaiApiKey: secretValue.nullable().optional(),
          groqApiKey: secretValue.nullable().optional(),
          anthropicApiKey: secretValue.nullable().optional(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const { sharedGatewayConfig } = ctx.app.db.t;
        const state = await gatewayState(ctx.app).get();
        for (const name of [input.defaultModel, ...(input.fallbackChain ?? [])]) {
          if (name && !state.models.some((model) => model.gatewayIdentifier === name || model.modelName === name)) {
            throw new TRPCError({ code: 'BAD_REQUEST', message: `no model "${name}" in the registry` });
          }
        }
        await ctx.app.db.system(async (tx) => {
          const [row] = await tx.select().from(sharedGatewayConfig).orderBy(asc(sharedGatewayConfig.createdAt)).limit(1);
          if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'the gateway is not configured yet' });
          const key = async (value: string | null | undefined, existing: string | null, name: string) => {
            if (value === undefined) return existing;
            if (value === null) {
              if (existing) await ctx.app.vault.remove(tx, existing);
              return null;
            }
            return ctx.app.vault.upsert(tx, existing, { clientId: null, name, value });
          };
          await tx
            .update(sharedGatewayConfig)
            .set({
              defaultModel: input.defaultModel ?? row.defaultModel,
              fallbackChain: input.fallbackChain ?? row.fallbackChain,
              usdToBrlRate: input.usdToBrlRate ?? row.usdToBrlRate,
              cacheEnabled: input.cacheEnabled ?? row.cacheEnabled,
              cacheTtlSeconds: input.cacheTtlSeconds ?? row.cacheTtlSeconds,
              openaiApiKeySecretId: await key(input.openaiApiKey, row.openaiApiKeySecretId, 'platform_openai_api_key'),
              groqApiKeySecretId: await key(input.groqApiKey, row.groqApiKeySecretId, 'platform_groq_api_key'),
              anthropicApiKeySecretId: await key(input.anthropicApiKey, row.anthropicApiKeySecretId, 'platform_anthropic_api_key'),
            })
            .where(eq(sharedGatewayConfig.id, row.id));
          ctx.audit.resourceId = row.id;
        });
        invalidate(ctx.app);
        return { ok: true };
      }),
  }),

  /** The client's own provider keys and model choices (keys go to the vault; never read back). */
  setClientProviders: withRole('admin')
    .input(
      z.object({
        clientId: z.string().uuid().optional(),
        openaiApiKey: secretValue.nullable().optional(),
        groqApiKey: secretValue.nullable().optional(),
        primaryModelProvider: z.enum(['openai', 'groq', 'anthropic']).nullable().optional(),
        openaiModel: safeText().trim().min(1).max(200).nullable().optional(),
        groqModel: safeText().trim().min(1).max(200).nullable().optional(),
        fallbackChain: z.array(modelRef).max(10).nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { clients } = ctx.app.db.t;
      const clientId = ctx.clientId;
      await ctx.app.db.tenant(clientId, async (tx) => {
        const [client] = await tx.select().from(clients).where(eq(clients.id, clientId));
        if (!client) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such client' });
        const key = async (value: string | null | undefined, existing: string | null, name: string) => {
          if (value === undefined) return existing;
          if (value === null) {
            if (existing) await ctx.app.vault.remove(tx, existing);
            return null;
          }
          return ctx.app.vault.upsert(tx, existing, { clientId, name, value });
        };
        const settings = { ...client.settings };
        if (input.fallbackChain === null) delete settings.fallback_chain;
        else if (input.fallbackChain) settings.fallback_chain = input.fallbackChain;
        await tx
          .update(clients)
          .set({
            openaiApiKeySecretId: await key(input.openaiApiKey, client.openaiApiKeySecretId, 'openai_api_key'),
            groqApiKeySecretId: await key(input.groqApiKey, client.groqApiKeySecretId, 'groq_api_key'),
            primaryModelProvider: input.primaryModelProvider === undefined ? client.primaryModelProvider : input.primaryModelProvider,
            openaiModel: input.openaiModel === undefined ? client.openaiModel : input.openaiModel,
            groqModel: input.groqModel === undefined ? client.groqModel : input.groqModel,
            settings,
          })
          .where(eq(clients.id, clientId));
      });
      ctx.audit.resourceId = clientId;
      return { ok: true };
    }),

  pricing: router({
    list: withRole('admin')
      .input(z.object({ clientId: z.string().uuid().optional() }).optional())
      .query(async ({ ctx }) => {
        const { pricingConfig } = ctx.app.db.t;
        return ctx.app.db.tenant(ctx.clientId, (tx) => tx.select().from(pricingConfig).where(eq(pricingConfig.clientId, ctx.clientId)));
      }),
    /** The client's own prices for a model (USD per million tokens), used instead of the registry's. */
    set: withRole('admin')
      .input(
        z.object({
          clientId: z.string().uuid().optional(),
          model: modelRef,
          promptPrice: decimal,
          completionPrice: decimal,
          cachedPromptPrice: decimal.nullable().default(null),
          isActive: z.boolean().default(true),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const { pricingConfig } = ctx.app.db.t;
        const state = await gatewayState(ctx.app).get();
        const model = state.byIdentifier.get(input.model) ?? state.models.find((row) => row.modelName === input.model);
        if (!model) throw new TRPCError({ code: 'BAD_REQUEST', message: `no model "${input.model}" in the registry` });
        const values = {
          clientId: ctx.clientId,
          modelRegistryId: model.id,
          provider: model.provider,
          model: model.modelName,
          promptPrice: input.promptPrice,
          completionPrice: input.completionPrice,
          cachedPromptPrice: input.cachedPromptPrice,
          unit: 'per_million_tokens',
          isActive: input.isActive,
        };
        const [row] = await ctx.app.db.tenant(ctx.clientId, async (tx) => {
          await touchClientProfile(ctx.app, tx, ctx.clientId);
          return tx
            .insert(pricingConfig)
            .values(values)
            .onConflictDoUpdate({
              target: [pricingConfig.clientId, pricingConfig.provider, pricingConfig.model],
              set: values,
            })
            .returning();
        });
        ctx.audit.resourceId = row!.id;
        return row!;
      }),
    remove: withRole('admin')
      .input(z.object({ clientId: z.string().uuid().optional(), id: z.string().uuid() }))
      .mutation(async ({ ctx, input }) => {
        const { pricingConfig } = ctx.app.db.t;
        const deleted = await ctx.app.db.tenant(ctx.clientId, async (tx) => {
          await touchClientProfile(ctx.app, tx, ctx.clientId);
          return tx
            .delete(pricingConfig)
            .where(and(eq(pricingConfig.id, input.id), eq(pricingConfig.clientId, ctx.clientId)))
            .returning({ id: pricingConfig.id });
        });
        if (deleted.length === 0) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such price override' });
        return { ok: true };
      }),
  }),

  /** Totals per source (usage_logs) between two instants, and the latest gateway calls. */
  usage: withRole('admin')
    .input(
      z
        .object({
          clientId: z.string().uuid().optional(),
          from: z.coerce.date(),
          to: z.coerce.date(),
          recent: z.number().int().min(0).max(200).default(20),
        })
        .refine((input) => input.from < input.to, 'from must be before to'),
    )
    .query(async ({ ctx, input }) => {
      const { usageLogs, gatewayUsageLogs } = ctx.app.db.t;
      return ctx.app.db.tenant(ctx.clientId, async (tx) => {
        const rows = await tx
          .select({ source: usageLogs.source, tokens: usageLogs.tokensUsed, usd: usageLogs.costUsd, brl: usageLogs.costBrl })
          .from(usageLogs)
          .where(and(eq(usageLogs.clientId, ctx.clientId), gte(usageLogs.createdAt, input.from), lt(usageLogs.createdAt, input.to)));
        const totals = new Map<string, { source: string; calls: number; tokens: number; usd: bigint; brl: bigint }>();
        for (const row of rows) {
          const total = totals.get(row.source) ?? { source: row.source, calls: 0, tokens: 0, usd: 0n, brl: 0n };
          total.calls++;
          total.tokens += row.tokens;
          total.usd += dec(row.usd);
          total.brl += dec(row.brl);
          totals.set(row.source, total);
        }
        const recent =
          input.recent === 0
            ? []
            : await tx
                .select()
                .from(gatewayUsageLogs)
                .where(eq(gatewayUsageLogs.clientId, ctx.clientId))
                .orderBy(desc(gatewayUsageLogs.createdAt))
                .limit(input.recent);
        return {
          bySource: [...totals.values()].map((total) => ({ ...total, usd: formatDec(total.usd), brl: formatDec(total.brl) })),
          recent,
        };
      });
    }),

  cacheStats: withRole('admin')
    .input(z.object({ clientId: z.string().uuid().optional() }).optional())
    .query(async ({ ctx }) => {
      const { gatewayCachePerformance: cache } = ctx.app.db.t;
      const [row] = await ctx.app.db.tenant(ctx.clientId, (tx) =>
        tx
          .select({
            entries: sql<number>`count(*)`,
            hits: sql<number>`coalesce(sum(${cache.hitCount}), 0)`,
            misses: sql<number>`coalesce(sum(${cache.missCount}), 0)`,
            tokensSaved: sql<number>`coalesce(sum(${cache.tokensSaved}), 0)`,
          })
          .from(cache)
          .where(eq(cache.clientId, ctx.clientId)),
      );
      return { entries: Number(row?.entries ?? 0), hits: Number(row?.hits ?? 0), misses: Number(row?.misses ?? 0), tokensSaved: Number(row?.tokensSaved ?? 0) };
    }),
});

function publicModel(model: {
  id: string;
  provider: string;
  modelName: string;
  gatewayIdentifier: string;
  capabilities: ModelCapabilities;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  inputPricePerMillion: string;
  outputPricePerMillion: string;
  cachedInputPricePerMillion: string | null;
  isActive: boolean;
  description: string | null;
}) {
  const { api_key_secret_id: secretId, ...capabilities } = model.capabilities;
  return {
    id: model.id,
    provider: model.provider,
    modelName: model.modelName,
    gatewayIdentifier: model.gatewayIdentifier,
    capabilities,
    hasApiKey: typeof secretId === 'string',
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    inputPricePerMillion: model.inputPricePerMillion,
    outputPricePerMillion: model.outputPricePerMillion,
    cachedInputPricePerMillion: model.cachedInputPricePerMillion,
    isActive: model.isActive,
    description: model.description,
  };
}
