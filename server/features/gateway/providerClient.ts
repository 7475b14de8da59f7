// An OpenAI client for a model's provider: OpenAI, Groq and Anthropic (its OpenAI-compatible
// endpoint) at the configured base URLs, or any OpenAI-compatible server (Ollama, vLLM,
// OpenRouter) at the base URL in the model's capabilities, or the client's own OpenAI-compatible
// server (provider openai_compatible, see connectedModel.ts). The client's own key wins over the
// platform's. The SDK's own retries are off: the gateway is the one retry loop.
import OpenAI from 'openai';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { guardedFetch } from '#server/net/guardedFetch.js';
import type { ClientGatewayProfile } from './clientGatewayProfile.js';
import { CUSTOM_PROVIDER } from './connectedModel.js';
import type { GatewayState, ModelRow } from './gatewayState.js';
import type { ProviderEndpoint } from './providerPost.js';

/**
 * `endpoint`: the base URL and key for a direct request (providerPost.ts); null for a tenant's own
 * server, which is called only through the SDK with the guarded fetch.
 */
export type ProviderClient = { client: OpenAI; keySource: 'client' | 'platform' | 'none'; endpoint: ProviderEndpoint | null };

const clients = perApp((_app: AppContext) => new Map<string, OpenAI>());

/** Null when no key is configured for the model's provider (a credentials failure for the caller). */
export function providerClient(app: AppContext, state: GatewayState, model: ModelRow, profile: ClientGatewayProfile): ProviderClient | null {
  const { providers } = app.config;
  const custom = model.capabilities.base_url;
  let baseURL: string;
  let key: string | null;
  let keySource: ProviderClient['keySource'] = 'platform';
  let guarded = false;
  if (model.provider === CUSTOM_PROVIDER) {
    // The client's own server: a URL a tenant typed, so every request goes through the address policy.
    if (!profile.custom) return null;
    baseURL = profile.custom.baseUrl;
    key = profile.custom.key ?? 'no-key';
    keySource = profile.custom.key ? 'client' : 'none';
    guarded = true;
  } else if (typeof custom === 'string' && custom) {
    baseURL = custom;
    const secretId = model.capabilities.api_key_secret_id;
    key = typeof secretId === 'string' ? (state.platformKeys.get(secretId) ?? null) : null;
    if (!key) {
      key = 'no-key'; // local servers (Ollama, vLLM) take any key
      keySource = 'none';
    }
  } else if (model.provider === 'openai' || model.provider === 'groq') {
    baseURL = model.provider === 'openai' ? providers.openaiBaseUrl : providers.groqBaseUrl;
    key = profile.keys[model.provider];
    if (key) keySource = 'client';
    else key = state.platformKeys.get(model.provider) ?? null;
  } else if (model.provider === 'anthropic') {
    baseURL = providers.anthropicBaseUrl;
    key = profile.keys.anthropic;
    if (key) keySource = 'client';
    else key = state.platformKeys.get('anthropic') ?? null;
  } else {
    return null;
  }
  if (!key) return null;
  const cacheKey = `${baseURL}\n${key}`;
  const cache = clients(app);
  let client = cache.get(cacheKey);
  if (!client) {
    client = new OpenAI({ apiKey: key, baseURL, maxRetries: 0, ...(guarded ? { fetch: guardedFetch(app.config.allowPrivateNetwork) } : {}) });
    if (cache.size > 500) cache.clear();
    cache.set(cacheKey, client);
  }
  return { client, keySource, endpoint: guarded ? null : { baseUrl: baseURL, apiKey: key } };
}
