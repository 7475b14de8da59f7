// What an API key may do on the public REST API (/api/v1). A key with no scopes listed (null) may
// do everything: keys made before scopes existed keep working as they did.
export const API_SCOPES = ['messages:send', 'flows:start', 'contacts:read', 'contacts:write', 'conversations:read', 'conversations:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const isApiScope = (value: string): value is ApiScope => (API_SCOPES as readonly string[]).includes(value);
