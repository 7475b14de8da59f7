// Start-up seeding, independent of migrations and safe to run on every start and on several
// instances at once: missing catalogue models are inserted (by gateway_identifier; rows already
// there, possibly edited by an administrator, are left alone), and the platform's gateway
// configuration row is created when there is none.
import { asc } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { DEFAULT_GATEWAY, gatewayIdentifier, MODEL_CATALOGUE } from './modelCatalogue.js';

export async function seedGatewayDefaults(app: AppContext): Promise<void> {
  const { aiModelsRegistry, sharedGatewayConfig } = app.db.t;
  await app.db.system(async (tx) => {
    await tx
      .insert(aiModelsRegistry)
      .values(
        MODEL_CATALOGUE.map((model) => ({
          provider: model.provider,
          modelName: model.modelName,
          gatewayIdentifier: gatewayIdentifier(model.provider, model.modelName),
          capabilities: model.capabilities,
          contextWindow: model.contextWindow,
          maxOutputTokens: model.maxOutputTokens,
          inputPricePerMillion: model.input,
          outputPricePerMillion: model.output,
          cachedInputPricePerMillion: model.cachedInput,
          description: model.description,
          isActive: true,
        })),
      )
      .onConflictDoNothing({ target: aiModelsRegistry.gatewayIdentifier });
    const [config] = await tx.select({ id: sharedGatewayConfig.id }).from(sharedGatewayConfig).orderBy(asc(sharedGatewayConfig.createdAt)).limit(1);
    if (!config) {
      await tx.insert(sharedGatewayConfig).values({
        defaultModel: DEFAULT_GATEWAY.defaultModel,
        fallbackChain: DEFAULT_GATEWAY.fallbackChain,
        usdToBrlRate: DEFAULT_GATEWAY.usdToBrlRate,
        cacheEnabled: true,
        cacheTtlSeconds: DEFAULT_GATEWAY.cacheTtlSeconds,
      });
    }
  });
}
