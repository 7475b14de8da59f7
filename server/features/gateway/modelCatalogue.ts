// The models the platform ships with and their published list prices (USD per million tokens;
// audio by the minute or by character, noted in capabilities). Seeded at start-up when missing;
// an administrator's edits to a seeded row are kept (see seedGatewayDefaults.ts).
import type { ModelCapabilities } from '../../db/json-types.js';

export type CatalogueModel = {
  provider: 'openai' | 'groq' | 'anthropic';
  modelName: string;
  capabilities: ModelCapabilities;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  input: string;
  output: string;
  cachedInput: string | null;
  description: string;
};

const chat = (tools = true, vision = false): ModelCapabilities => ({ chat: true, tools, streaming: true, vision });

export const MODEL_CATALOGUE: CatalogueModel[] = [
  // OpenAI (platform.openai.com/docs/pricing, standard tier)
  { provider: 'openai', modelName: 'gpt-5', capabilities: { ...chat(true, true), reasoning: true }, contextWindow: 400_000, maxOutputTokens: 128_000, input: '1.25', output: '10', cachedInput: '0.125', description: 'OpenAI flagship reasoning model' },
  { provider: 'openai', modelName: 'gpt-5-mini', capabilities: { ...chat(true, true), reasoning: true }, contextWindow: 400_000, maxOutputTokens: 128_000, input: '0.25', output: '2', cachedInput: '0.025', description: 'Smaller GPT-5' },
  { provider: 'openai', modelName: 'gpt-5-nano', capabilities: { ...chat(true, true), reasoning: true }, contextWindow: 400_000, maxOutputTokens: 128_000, input: '0.05', output: '0.4', cachedInput: '0.005', description: 'Smallest GPT-5' },
  { provider: 'openai', modelName: 'gpt-4.1', capabilities: chat(true, true), contextWindow: 1_047_576, maxOutputTokens: 32_768, input: '2', output: '8', cachedInput: '0.5', description: 'GPT-4.1, long context' },
  { provider: 'openai', modelName: 'gpt-4.1-mini', capabilities: chat(true, true), contextWindow: 1_047_576, maxOutputTokens: 32_768, input: '0.4', output: '1.6', cachedInput: '0.1', description: 'GPT-4.1 mini' },
  { provider: 'openai', modelName: 'gpt-4.1-nano', capabilities: chat(true, true), contextWindow: 1_047_576, maxOutputTokens: 32_768, input: '0.1', output: '0.4', cachedInput: '0.025', description: 'GPT-4.1 nano' },
  { provider: 'openai', modelName: 'gpt-4o', capabilities: chat(true, true), contextWindow: 128_000, maxOutputTokens: 16_384, input: '2.5', output: '10', cachedInput: '1.25', description: 'GPT-4o' },
  { provider: 'openai', modelName: 'gpt-4o-mini', capabilities: chat(true, true), contextWindow: 128_000, maxOutputTokens: 16_384, input: '0.15', output: '0.6', cachedInput: '0.075', description: 'GPT-4o mini: the default chat model' },
  { provider: 'openai', modelName: 'o4-mini', capabilities: { ...chat(true, true), reasoning: true }, contextWindow: 200_000, maxOutputTokens: 100_000, input: '1.1', output: '4.4', cachedInput: '0.275', description: 'o4-mini reasoning model' },
  { provider: 'openai', modelName: 'text-embedding-3-small', capabilities: { embeddings: true, dimensions: 1536 }, contextWindow: 8_191, maxOutputTokens: null, input: '0.02', output: '0', cachedInput: null, description: 'Embeddings, 1536 dimensions' },
  { provider: 'openai', modelName: 'text-embedding-3-large', capabilities: { embeddings: true, dimensions: 3072 }, contextWindow: 8_191, maxOutputTokens: null, input: '0.13', output: '0', cachedInput: null, description: 'Embeddings, 3072 dimensions' },
  { provider: 'openai', modelName: 'whisper-1', capabilities: { transcription: true, usd_per_minute: '0.006' }, contextWindow: null, maxOutputTokens: null, input: '0', output: '0', cachedInput: null, description: 'Speech to text, USD 0.006 per minute' },
  { provider: 'openai', modelName: 'gpt-4o-mini-transcribe', capabilities: { transcription: true, usd_per_minute: '0.003' }, contextWindow: null, maxOutputTokens: null, input: '0', output: '0', cachedInput: null, description: 'Speech to text, about USD 0.003 per minute' },
  { provider: 'openai', modelName: 'tts-1', capabilities: { speech: true, usd_per_million_characters: '15' }, contextWindow: null, maxOutputTokens: null, input: '0', output: '0', cachedInput: null, description: 'Text to speech, USD 15 per million characters' },
  { provider: 'openai', modelName: 'gpt-4o-mini-tts', capabilities: { speech: true, usd_per_million_characters: '12' }, contextWindow: null, maxOutputTokens: null, input: '0', output: '0', cachedInput: null, description: 'Text to speech (about USD 0.015 per minute)' },
  // Groq (groq.com/pricing)
  { provider: 'groq', modelName: 'llama-3.3-70b-versatile', capabilities: chat(), contextWindow: 131_072, maxOutputTokens: 32_768, input: '0.59', output: '0.79', cachedInput: null, description: 'Llama 3.3 70B on Groq' },
  { provider: 'groq', modelName: 'llama-3.1-8b-instant', capabilities: chat(), contextWindow: 131_072, maxOutputTokens: 131_072, input: '0.05', output: '0.08', cachedInput: null, description: 'Llama 3.1 8B on Groq' },
  { provider: 'groq', modelName: 'openai/gpt-oss-120b', capabilities: { ...chat(), reasoning: true }, contextWindow: 131_072, maxOutputTokens: 65_536, input: '0.15', output: '0.6', cachedInput: '0.075', description: 'GPT-OSS 120B on Groq' },
  { provider: 'groq', modelName: 'openai/gpt-oss-20b', capabilities: { ...chat(), reasoning: true }, contextWindow: 131_072, maxOutputTokens: 65_536, input: '0.075', output: '0.3', cachedInput: '0.0375', description: 'GPT-OSS 20B on Groq' },
  { provider: 'groq', modelName: 'meta-llama/llama-4-scout-17b-16e-instruct', capabilities: chat(true, true), contextWindow: 131_072, maxOutputTokens: 8_192, input: '0.11', output: '0.34', cachedInput: null, description: 'Llama 4 Scout on Groq' },
  { provider: 'groq', modelName: 'moonshotai/kimi-k2-instruct-0905', capabilities: chat(), contextWindow: 262_144, maxOutputTokens: 16_384, input: '1', output: '3', cachedInput: '0.5', description: 'Kimi K2 on Groq' },
  { provider: 'groq', modelName: 'whisper-large-v3', capabilities: { transcription: true, usd_per_minute: '0.00185' }, contextWindow: null, maxOutputTokens: null, input: '0', output: '0', cachedInput: null, description: 'Whisper large v3 on Groq (USD 0.111 per hour)' },
  { provider: 'groq', modelName: 'whisper-large-v3-turbo', capabilities: { transcription: true, usd_per_minute: '0.000667' }, contextWindow: null, maxOutputTokens: null, input: '0', output: '0', cachedInput: null, description: 'Whisper large v3 turbo on Groq (USD 0.04 per hour)' },
  // Anthropic through its OpenAI-compatible endpoint (anthropic.com/pricing; cached = cache reads)
  { provider: 'anthropic', modelName: 'claude-opus-4-1', capabilities: chat(true, true), contextWindow: 200_000, maxOutputTokens: 32_000, input: '15', output: '75', cachedInput: '1.5', description: 'Claude Opus 4.1' },
  { provider: 'anthropic', modelName: 'claude-opus-4-5', capabilities: chat(true, true), contextWindow: 200_000, maxOutputTokens: 64_000, input: '5', output: '25', cachedInput: '0.5', description: 'Claude Opus 4.5' },
  { provider: 'anthropic', modelName: 'claude-sonnet-4-5', capabilities: chat(true, true), contextWindow: 200_000, maxOutputTokens: 64_000, input: '3', output: '15', cachedInput: '0.3', description: 'Claude Sonnet 4.5' },
  { provider: 'anthropic', modelName: 'claude-haiku-4-5', capabilities: chat(true, true), contextWindow: 200_000, maxOutputTokens: 64_000, input: '1', output: '5', cachedInput: '0.1', description: 'Claude Haiku 4.5' },
  { provider: 'anthropic', modelName: 'claude-3-5-haiku-latest', capabilities: chat(true, true), contextWindow: 200_000, maxOutputTokens: 8_192, input: '0.8', output: '4', cachedInput: '0.08', description: 'Claude 3.5 Haiku' },
];

export const gatewayIdentifier = (provider: string, modelName: string) => `${provider}/${modelName}`;

/** What a fresh installation uses before an administrator configures anything. */
export const DEFAULT_GATEWAY = {
  defaultModel: 'openai/gpt-4o-mini',
  fallbackChain: ['groq/llama-3.3-70b-versatile', 'anthropic/claude-haiku-4-5'],
  usdToBrlRate: '5.0',
  cacheTtlSeconds: 3600,
};
