// The secrets a client keeps in the vault: the input field, the clients column holding the
// secret's id, and the name it is stored under. Secret values are write-only: settings answer
// only whether each one is set.
export const CLIENT_SECRETS = [
  { field: 'metaAccessToken', column: 'metaAccessTokenSecretId', name: 'meta_access_token', flag: 'hasAccessToken' },
  { field: 'metaVerifyToken', column: 'metaVerifyTokenSecretId', name: 'meta_verify_token', flag: 'hasVerifyToken' },
  { field: 'metaAppSecret', column: 'metaAppSecretSecretId', name: 'meta_app_secret', flag: 'hasAppSecret' },
  { field: 'openaiApiKey', column: 'openaiApiKeySecretId', name: 'openai_api_key', flag: 'hasOpenaiApiKey' },
  { field: 'groqApiKey', column: 'groqApiKeySecretId', name: 'groq_api_key', flag: 'hasGroqApiKey' },
] as const;

export type ClientSecretField = (typeof CLIENT_SECRETS)[number]['field'];
export type ClientSecretFlag = (typeof CLIENT_SECRETS)[number]['flag'];
