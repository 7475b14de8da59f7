// The prices a call is charged at: the client's own pricing_config row for the model when there is
// an active one, otherwise the registry's list price. USD per million tokens; a cached-input price
// missing means no discount.
import type { Tables } from '#server/db/tables.js';
import type { ModelRow } from './gatewayState.js';
import { dec, mulDec, type Dec } from './money.js';

export type PricingOverride = Tables['pricingConfig']['$inferSelect'];
export type ModelPrices = { input: Dec; output: Dec; cachedInput: Dec; source: 'registry' | 'client' };

const UNIT_TO_MILLION: Record<string, bigint> = { per_million_tokens: 1n, per_thousand_tokens: 1000n, per_token: 1_000_000n };

export function modelPrices(model: ModelRow, overrides: PricingOverride[]): ModelPrices {
  const override = overrides.find(
    (row) => row.isActive && (row.modelRegistryId === model.id || (row.provider === model.provider && row.model === model.modelName)),
  );
  if (override) {
    const factor = dec(UNIT_TO_MILLION[override.unit] ?? 1n);
    const input = mulDec(dec(override.promptPrice), factor);
    return {
      input,
      output: mulDec(dec(override.completionPrice), factor),
      cachedInput: override.cachedPromptPrice === null ? input : mulDec(dec(override.cachedPromptPrice), factor),
      source: 'client',
    };
  }
  const input = dec(model.inputPricePerMillion);
  return {
    input,
    output: dec(model.outputPricePerMillion),
    cachedInput: model.cachedInputPricePerMillion === null ? input : dec(model.cachedInputPricePerMillion),
    source: 'registry',
  };
}
