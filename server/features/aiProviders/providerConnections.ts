// Where a client's provider connections live: columns of its clients row (the keys in the vault).
// OpenAI and Groq reuse the columns the gateway always read (openai_api_key_secret_id, openai_model,
// groq_…); Anthropic and one OpenAI-compatible server (Ollama, vLLM) have their own. The one the
// AI reply uses by default is clients.primary_model_provider (see gateway/connectedModel.ts).
import { eq } from 'drizzle-orm';
import type { AiProviderKind } from '#shared/domain/aiProviders.js';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { lockClientRow } from '#server/db/dialect.js';

type ClientRow = Tables['clients']['$inferSelect'];

export type ConnectionColumns = { keyId: string | null; model: string | null; baseUrl: string | null };

export function connectionColumns(client: ClientRow, kind: AiProviderKind): ConnectionColumns {
  switch (kind) {
    case 'openai':
      return { keyId: client.openaiApiKeySecretId, model: client.openaiModel, baseUrl: null };
    case 'groq':
      return { keyId: client.groqApiKeySecretId, model: client.groqModel, baseUrl: null };
    case 'anthropic':
      return { keyId: client.anthropicApiKeySecretId, model: client.anthropicModel, baseUrl: null };
    case 'openai_compatible':
      return { keyId: client.customModelApiKeySecretId, model: client.customModel, baseUrl: client.customModelBaseUrl };
  }
}

/** The row update that stores these values for this kind. */
export function connectionUpdate(kind: AiProviderKind, values: ConnectionColumns): Partial<ClientRow> {
  switch (kind) {
    case 'openai':
      return { openaiApiKeySecretId: values.keyId, openaiModel: values.model };
    case 'groq':
      return { groqApiKeySecretId: values.keyId, groqModel: values.model };
    case 'anthropic':
      return { anthropicApiKeySecretId: values.keyId, anthropicModel: values.model };
    case 'openai_compatible':
      return { customModelApiKeySecretId: values.keyId, customModel: values.model, customModelBaseUrl: values.baseUrl };
  }
}

/** A connection exists when its key is stored (a base URL, for the OpenAI-compatible kind: local servers need no key). */
export function isConnected(kind: AiProviderKind, columns: ConnectionColumns): boolean {
  return kind === 'openai_compatible' ? columns.baseUrl !== null : columns.keyId !== null;
}

/**
 * The client row, locked for the rest of the transaction when it is about to change: two saves at
 * once would otherwise both store a new key and leave one in the vault with nothing pointing at
 * it. SQLite transactions are already serial (BEGIN IMMEDIATE).
 */
export async function readClientRowForUpdate(app: AppContext, tx: Tx, clientId: string): Promise<ClientRow | null> {
  await lockClientRow(app.db, tx, clientId);
  return readClientRow(app, tx, clientId);
}

export async function readClientRow(app: AppContext, tx: Tx, clientId: string): Promise<ClientRow | null> {
  const { clients } = app.db.t;
  const [client] = await tx.select().from(clients).where(eq(clients.id, clientId));
  return client ?? null;
}

export const VAULT_NAMES: Record<AiProviderKind, string> = {
  openai: 'openai_api_key',
  groq: 'groq_api_key',
  anthropic: 'anthropic_api_key',
  openai_compatible: 'custom_model_api_key',
};
