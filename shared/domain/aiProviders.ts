// The model providers a client can connect itself (the "Connect a model provider" form) and the
// reasons a connection test can fail, as codes the renderer words in each language.
export const AI_PROVIDER_KINDS = ['openai', 'groq', 'anthropic', 'openai_compatible'] as const;
export type AiProviderKind = (typeof AI_PROVIDER_KINDS)[number];

export const CONNECTION_FAILURES = [
  'key_refused',
  'no_key',
  'bad_url',
  'private_address',
  'dns',
  'refused',
  'unreachable',
  'timeout',
  'not_found',
  'redirect',
  'http_error',
  'not_json',
] as const;
export type ConnectionFailure = (typeof CONNECTION_FAILURES)[number];

/** Ollama's OpenAI-compatible API on the same machine: the form's placeholder. */
export const OLLAMA_BASE_URL = 'http://127.0.0.1:11434/v1';

/** The message code a reply carries (metadata.notice.code) when the AI reply had no provider. */
export const NO_AI_PROVIDER_NOTICE = 'no_ai_provider';
