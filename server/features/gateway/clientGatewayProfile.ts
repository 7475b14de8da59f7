// A client's side of the gateway: its own provider keys (from the vault), preferred provider and
// models, fallback chain and price overrides. Kept in memory per client and reused while the
// client row's updated_at (its version) is unchanged: every call's budget lock reads that version
// in the same statement (lockClientBudget), so a change made through any server instance is seen
// by the next call. Everything the profile holds changes only with the client row: its settings,
// status, plan and time zone are columns, its keys are replaced together with their column, and
// price overrides touch the row (gateway router).
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tx } from '#server/db/tables.js';
import type { PricingOverride } from './modelPrices.js';

export type ClientGatewayProfile = {
  keys: { openai: string | null; groq: string | null; anthropic: string | null };
  primaryModelProvider: string | null;
  openaiModel: string | null;
  groqModel: string | null;
  anthropicModel: string | null;
  /** The client's own OpenAI-compatible server (provider `openai_compatible`), when connected. */
  custom: { baseUrl: string; key: string | null; model: string | null } | null;
  /** clients.settings.fallback_chain, when the client has its own. */
  fallbackChain: string[] | null;
  overrides: PricingOverride[];
  /** For the budget (plan defaults, calendar periods). */
  budgetClient: { plan: string; timezone: string };
  /** clients.updated_at (ms) when this was read. */
  version: number;
};

const MAX_CACHED = 10_000;

export const clientProfiles = perApp((_app: AppContext) => new Map<string, ClientGatewayProfile>());

/** Null when the client does not exist or is not active (never cached). */
export async function clientGatewayProfile(app: AppContext, tx: Tx, clientId: string): Promise<ClientGatewayProfile | null> {
  const { clients, pricingConfig } = app.db.t;
  const cache = clientProfiles(app);
  cache.delete(clientId);
  const [client] = await tx
    .select({
      openaiKeyId: clients.openaiApiKeySecretId,
      groqKeyId: clients.groqApiKeySecretId,
      primaryModelProvider: clients.primaryModelProvider,
      openaiModel: clients.openaiModel,
      groqModel: clients.groqModel,
      anthropicKeyId: clients.anthropicApiKeySecretId,
      anthropicModel: clients.anthropicModel,
      customBaseUrl: clients.customModelBaseUrl,
      customKeyId: clients.customModelApiKeySecretId,
      customModel: clients.customModel,
      settings: clients.settings,
      status: clients.status,
      plan: clients.plan,
      timezone: clients.timezone,
      updatedAt: clients.updatedAt,
    })
    .from(clients)
    .where(eq(clients.id, clientId));
  if (!client || client.status !== 'active') return null;
  const overrides = await tx
    .select()
    .from(pricingConfig)
    .where(and(eq(pricingConfig.clientId, clientId), eq(pricingConfig.isActive, true)));
  const chain = client.settings.fallback_chain;
  const profile: ClientGatewayProfile = {
    keys: {
      openai: client.openaiKeyId ? await app.vault.read(tx, client.openaiKeyId) : null,
      groq: client.groqKeyId ? await app.vault.read(tx, client.groqKeyId) : null,
      anthropic: client.anthropicKeyId ? await app.vault.read(tx, client.anthropicKeyId) : null,
    },
    primaryModelProvider: client.primaryModelProvider,
    openaiModel: client.openaiModel,
    groqModel: client.groqModel,
    anthropicModel: client.anthropicModel,
    custom: client.customBaseUrl
      ? { baseUrl: client.customBaseUrl, key: client.customKeyId ? await app.vault.read(tx, client.customKeyId) : null, model: client.customModel }
      : null,
    fallbackChain: Array.isArray(chain) ? chain.filter((item): item is string => typeof item === 'string') : null,
    overrides,
    budgetClient: { plan: client.plan, timezone: client.timezone },
    version: client.updatedAt.getTime(),
  };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(clientId, profile);
  return profile;
}

/** The client's version when there is no budget row to read it with. */
export async function clientVersion(app: AppContext, tx: Tx, clientId: string): Promise<number | null> {
  const { clients } = app.db.t;
  const [row] = await tx.select({ updatedAt: clients.updatedAt }).from(clients).where(eq(clients.id, clientId));
  return row ? row.updatedAt.getTime() : null;
}

/**
 * Marks the client row changed for what the profile holds beside it (price overrides): a new
 * updated_at, later than the last by at least a millisecond, so no cached copy matches it.
 */
export async function touchClientProfile(app: AppContext, tx: Tx, clientId: string): Promise<void> {
  const { clients } = app.db.t;
  const last = await clientVersion(app, tx, clientId);
  if (last === null) return;
  await tx
    .update(clients)
    .set({ updatedAt: new Date(Math.max(Date.now(), last + 1)) })
    .where(eq(clients.id, clientId));
}
