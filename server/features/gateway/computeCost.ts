// Cost of a call in USD and BRL, exact. Cached input tokens are charged at the cached price and
// the rest of the input at the full price, so a cached token is never charged twice.
import { mulDec, perMillion, type Dec } from './money.js';
import type { ModelPrices } from './modelPrices.js';
import type { NormalisedUsage } from './normaliseUsage.js';

export type Cost = { usd: Dec; brl: Dec };

export function computeCost(usage: NormalisedUsage, prices: ModelPrices, usdToBrl: Dec): Cost {
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const usd = perMillion(prices.input, usage.inputTokens - cached) + perMillion(prices.cachedInput, cached) + perMillion(prices.output, usage.outputTokens);
  return { usd, brl: mulDec(usd, usdToBrl) };
}
