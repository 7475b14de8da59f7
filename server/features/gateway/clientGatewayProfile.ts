// A client's side of the gateway, read inside the call's first transaction: its own provider
// keys (from the vault), preferred provider and models, fallback chain and price overrides.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import type { Tx } from '../../db/tables.js';
import type { PricingOverride } from './modelPrices.js';

export type ClientGatewayProfile = {
  keys: { openai: string | null; groq: string | null };
  primaryModelProvider: string | null;
  openaiModel: string | null;
  groqModel: string | null;
  /** clients.settings.fallback_chain, when the client has its own. */
  fallbackChain: string[] | null;
  overrides: PricingOverride[];
  /** For the budget (plan defaults, calendar periods). */
  budgetClient: { plan: string; timezone: string };
};

export async function clientGatewayProfile(app: AppContext, tx: Tx, clientId: string): Promise<ClientGatewayProfile | null> {
  const { clients, pricingConfig } = app.db.t;
  const [client] = await tx.select({
    openaiKeyId: clients.openaiApiKeySecretId, groqKeyId: clients.groqApiKeySecretId, primaryModelProvider: clients.primaryModelProvider,
    openaiModel: clients.openaiModel, groqModel: clients.groqModel, settings: clients.settings, status: clients.status, plan: clients.plan, timezone: clients.timezone,
  }).from(clients).where(eq(clients.id, clientId));
  if (!client || client.status !== 'active') return null;
  const overrides = await tx.select().from(pricingConfig).where(and(eq(pricingConfig.clientId, clientId), eq(pricingConfig.isActive, true)));
  const chain = client.settings.fallback_chain;
  return {
    keys: {
      openai: client.openaiKeyId ? await app.vault.read(tx, client.openaiKeyId) : null,
      groq: client.groqKeyId ? await app.vault.read(tx, client.groqKeyId) : null,
    },
    primaryModelProvider: client.primaryModelProvider,
    openaiModel: client.openaiModel,
    groqModel: client.groqModel,
    fallbackChain: Array.isArray(chain) ? chain.filter((item): item is string => typeof item === 'string') : null,
    overrides,
    budgetClient: { plan: client.plan, timezone: client.timezone },
  };
}
