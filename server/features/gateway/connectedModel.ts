// Models served by a provider the client connected itself (server/features/aiProviders): a model
// picked from the provider's own list need not be in the platform's registry (an Ollama model, a
// new OpenAI snapshot), and an OpenAI-compatible server's models never are (the registry is shared
// by every client, so one client's private server must not appear there). Such a model gets a row
// made up for the call: the registry's prices when the registry knows the model name, otherwise
// zero (the provider bills the client directly), and no registry id in the usage log.
import type { ClientGatewayProfile } from './clientGatewayProfile.js';
import type { GatewayState, ModelRow } from './gatewayState.js';

/** The provider name the gateway uses for a client's own OpenAI-compatible server. */
export const CUSTOM_PROVIDER = 'openai_compatible';

export type ConnectedProvider = 'openai' | 'groq' | 'anthropic' | typeof CUSTOM_PROVIDER;

export function isConnectedModel(model: ModelRow): boolean {
  return model.capabilities.client_connection === true;
}

/** Whether the client has its own connection (key, or base URL) for this provider. */
export function clientConnects(profile: ClientGatewayProfile, provider: string): boolean {
  if (provider === CUSTOM_PROVIDER) return profile.custom !== null;
  if (provider === 'openai' || provider === 'groq' || provider === 'anthropic') return profile.keys[provider] !== null;
  return false;
}

/** The client's chosen model on its primary connection ("groq/llama-3.3-70b-versatile"), or null. */
export function connectedDefaultModel(profile: ClientGatewayProfile): string | null {
  const provider = profile.primaryModelProvider;
  if (!provider || !clientConnects(profile, provider)) return null;
  const model =
    provider === CUSTOM_PROVIDER
      ? profile.custom?.model
      : provider === 'openai'
        ? profile.openaiModel
        : provider === 'groq'
          ? profile.groqModel
          : profile.anthropicModel;
  return model ? `${provider}/${model}` : null;
}

/** "provider/model" on one of the client's connections, as a row for the call; null otherwise. */
export function connectedModel(state: GatewayState, profile: ClientGatewayProfile, name: string): ModelRow | null {
  const slash = name.indexOf('/');
  if (slash <= 0) return null;
  const provider = name.slice(0, slash);
  const modelName = name.slice(slash + 1);
  if (!modelName || !clientConnects(profile, provider)) return null;
  const known = provider === CUSTOM_PROVIDER ? null : state.models.find((model) => model.provider === provider && model.modelName === modelName);
  const now = new Date(0);
  return {
    id: `connected:${name}`,
    provider,
    modelName,
    gatewayIdentifier: name,
    capabilities: { chat: true, client_connection: true },
    contextWindow: known?.contextWindow ?? null,
    maxOutputTokens: known?.maxOutputTokens ?? null,
    inputPricePerMillion: known?.inputPricePerMillion ?? '0',
    outputPricePerMillion: known?.outputPricePerMillion ?? '0',
    cachedInputPricePerMillion: known?.cachedInputPricePerMillion ?? null,
    isActive: true,
    description: null,
    createdAt: now,
    updatedAt: now,
  };
}
