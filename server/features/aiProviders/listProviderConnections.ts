// The client's provider connections for the settings screen: which kinds are connected, the model
// and base URL, and only the last four characters of a key (the key itself is never returned).
import { AI_PROVIDER_KINDS, type AiProviderKind } from '#shared/domain/aiProviders.js';
import type { AppContext } from '#server/app/appContext.js';
import { connectionColumns, isConnected, readClientRow } from './providerConnections.js';

export type ProviderConnectionView = {
  kind: AiProviderKind;
  connected: boolean;
  /** "…wxyz", or null when no key is stored. */
  keyHint: string | null;
  baseUrl: string | null;
  model: string | null;
  primary: boolean;
};

export async function listProviderConnections(
  app: AppContext,
  clientId: string,
): Promise<{ connections: ProviderConnectionView[]; primary: AiProviderKind | null }> {
  return app.db.tenant(clientId, async (tx) => {
    const client = await readClientRow(app, tx, clientId);
    if (!client) return { connections: [], primary: null };
    const connections: ProviderConnectionView[] = [];
    for (const kind of AI_PROVIDER_KINDS) {
      const columns = connectionColumns(client, kind);
      const connected = isConnected(kind, columns);
      const key = columns.keyId ? await app.vault.read(tx, columns.keyId) : null;
      connections.push({
        kind,
        connected,
        keyHint: key ? `…${key.slice(-4)}` : null,
        baseUrl: columns.baseUrl,
        model: columns.model,
        primary: connected && client.primaryModelProvider === kind,
      });
    }
    const primary = connections.find((connection) => connection.primary)?.kind ?? null;
    return { connections, primary };
  });
}
