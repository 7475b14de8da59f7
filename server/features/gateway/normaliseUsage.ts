// Providers report prompt caching differently. OpenAI and Groq count cached tokens inside
// prompt_tokens (prompt_tokens_details.cached_tokens); Anthropic reports cache reads and writes
// beside an input count that excludes them; Groq streams its usage under x_groq. Normalised:
// inputTokens includes cached ones exactly once, cachedTokens is the part billed at the cached price.
export type NormalisedUsage = { inputTokens: number; cachedTokens: number; outputTokens: number; totalTokens: number };

type RawUsage = {
  prompt_tokens?: number;
  completion_tokens?: number;
  input_tokens?: number;
  output_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
};

export function normaliseUsage(raw: unknown): NormalisedUsage | null {
  if (!raw || typeof raw !== 'object') return null;
  const usage = raw as RawUsage;
  const output = num(usage.completion_tokens ?? usage.output_tokens);
  let input = num(usage.prompt_tokens ?? usage.input_tokens);
  let cached: number;
  if (usage.cache_read_input_tokens !== undefined || usage.cache_creation_input_tokens !== undefined) {
    cached = num(usage.cache_read_input_tokens);
    input += cached + num(usage.cache_creation_input_tokens);
  } else {
    cached = Math.min(num(usage.prompt_tokens_details?.cached_tokens), input);
  }
  return { inputTokens: input, cachedTokens: cached, outputTokens: output, totalTokens: input + output };
}

/** Usage of a chat completion or a stream's last chunk (Groq: x_groq.usage). */
export function usageOf(payload: { usage?: unknown; x_groq?: { usage?: unknown } } | null | undefined): NormalisedUsage | null {
  return normaliseUsage(payload?.usage) ?? normaliseUsage(payload?.x_groq?.usage);
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0);
