// The platform's side of the gateway, read once and reused for a few seconds: the model registry,
// the shared configuration and the platform's provider keys (decrypted from the vault). Writes
// through this instance's tRPC procedures invalidate it at once.
import { asc } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tables } from '#server/db/tables.js';
import { gatewayTuning } from './gatewayTuning.js';
import { dec, type Dec } from './money.js';
import { DEFAULT_GATEWAY } from './modelCatalogue.js';

export type ModelRow = Tables['aiModelsRegistry']['$inferSelect'];

export type GatewayState = {
  models: ModelRow[];
  byIdentifier: Map<string, ModelRow>;
  defaultModel: string;
  fallbackChain: string[];
  usdToBrl: Dec;
  cacheEnabled: boolean;
  cacheTtlSeconds: number;
  /** Platform keys by provider (openai, groq, anthropic) and by secret id (custom providers). */
  platformKeys: Map<string, string>;
};

export const gatewayState = perApp((app: AppContext) => {
  let current: { state: GatewayState; at: number } | null = null;
  let loading: Promise<GatewayState> | null = null;
  return {
    async get(): Promise<GatewayState> {
      if (current && Date.now() - current.at < gatewayTuning(app).stateTtlMs) return current.state;
      loading ??= load(app)
        .then((state) => {
          current = { state, at: Date.now() };
          return state;
        })
        .finally(() => {
          loading = null;
        });
      return loading;
    },
    invalidate() {
      current = null;
    },
  };
});

async function load(app: AppContext): Promise<GatewayState> {
  const { aiModelsRegistry, sharedGatewayConfig } = app.db.t;
  return app.db.system(async (tx) => {
    const models = await tx.select().from(aiModelsRegistry);
    const [config] = await tx.select().from(sharedGatewayConfig).orderBy(asc(sharedGatewayConfig.createdAt)).limit(1);
    const platformKeys = new Map<string, string>();
    const read = async (name: string, id: string | null | undefined) => {
      if (id) platformKeys.set(name, await app.vault.read(tx, id));
    };
    await read('openai', config?.openaiApiKeySecretId);
    await read('groq', config?.groqApiKeySecretId);
    await read('anthropic', config?.anthropicApiKeySecretId);
    for (const model of models) {
      const secretId = model.capabilities.api_key_secret_id;
      if (typeof secretId === 'string') await read(secretId, secretId).catch(() => undefined);
    }
    return {
      models,
      byIdentifier: new Map(models.map((model) => [model.gatewayIdentifier, model])),
      defaultModel: config?.defaultModel ?? DEFAULT_GATEWAY.defaultModel,
      fallbackChain: config?.fallbackChain ?? [],
      usdToBrl: dec(config?.usdToBrlRate ?? DEFAULT_GATEWAY.usdToBrlRate),
      cacheEnabled: config?.cacheEnabled ?? true,
      cacheTtlSeconds: config?.cacheTtlSeconds ?? DEFAULT_GATEWAY.cacheTtlSeconds,
      platformKeys,
    };
  });
}

/** A model by gateway identifier ("openai/gpt-4o-mini") or by bare model name; active ones only. */
export function resolveModel(state: GatewayState, name: string, preferProvider?: string | null): ModelRow | null {
  const exact = state.byIdentifier.get(name);
  if (exact) return exact.isActive ? exact : null;
  const matches = state.models.filter((model) => model.isActive && model.modelName === name);
  return matches.find((model) => model.provider === preferProvider) ?? matches[0] ?? null;
}
