// What an API key may do: the public REST API (/api/v1) and, with `ai:use`, the OpenAI-compatible
// gateway (/v1, which spends the client's AI budget). A key with no scopes listed (null) may do
// everything: keys made before scopes existed keep working as they did.
export const API_SCOPES = ['messages:send', 'flows:start', 'contacts:read', 'contacts:write', 'conversations:read', 'conversations:write', 'ai:use'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const isApiScope = (value: string): value is ApiScope => (API_SCOPES as readonly string[]).includes(value);
