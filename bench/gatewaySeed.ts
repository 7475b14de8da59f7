// The tenant the gateway benchmarks call as (gatewayOverhead.server.ts, gatewayVsPortkey.seed.ts):
// one client with a budget (so every call reserves and settles), an owner, an API key and one
// registered OpenAI model, with the platform's OpenAI key in the vault.
import type { AppContext } from '#server/app/appContext.js';
import { createClient } from '#server/features/clients/createClient.js';
import { createUser } from '#server/features/auth/createUser.js';
import { newApiKey } from '#server/features/openaiCompat/apiKeys.js';

/** What a client sends to /v1/chat/completions (`model`), and what the provider is asked for (`upstreamModel`). */
export type BenchTenant = { key: string; model: string; upstreamModel: string };

/** The key the fake provider receives (it checks none). */
export const UPSTREAM_API_KEY = 'sk-bench';

export async function seedBenchTenant(app: AppContext): Promise<BenchTenant> {
  const client = await createClient(app, { name: 'Bench', slug: 'bench' });
  await createUser(app.db, { email: 'bench@example.test', password: 'bench password 1', clientId: client.id, role: 'owner', isPlatformAdmin: false });
  const key = newApiKey();
  const { aiModelsRegistry, sharedGatewayConfig, clientBudgets, apiKeys } = app.db.t;
  await app.db.system(async (tx) => {
    await tx.insert(aiModelsRegistry).values({
      provider: 'openai',
      modelName: 'bench-model',
      gatewayIdentifier: 'openai/bench-model',
      capabilities: { chat: true },
      contextWindow: 128_000,
      maxOutputTokens: 256,
      inputPricePerMillion: '0.15',
      outputPricePerMillion: '0.6',
      cachedInputPricePerMillion: '0.075',
    });
    const secretId = await app.vault.store(tx, { clientId: null, name: 'platform_openai_api_key', value: UPSTREAM_API_KEY });
    await tx.update(sharedGatewayConfig).set({ openaiApiKeySecretId: secretId });
    await tx.insert(clientBudgets).values({
      clientId: client.id,
      inheritsFromPlan: false,
      budgetType: 'both',
      budgetPeriod: 'monthly',
      brlLimit: '1000000',
      tokenLimit: 10_000_000_000,
      budgetLimit: '1000000',
    });
    await tx.insert(apiKeys).values({ clientId: client.id, name: 'bench', keyPrefix: key.prefix, keyHash: key.hash });
  });
  return { key: key.key, model: 'openai/bench-model', upstreamModel: 'bench-model' };
}
