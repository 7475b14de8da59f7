// Whether the AI reply has a provider to ask for this client: one of its own connections, or a key
// the platform administrator set for everyone. Without either, the reply sends the client's
// fallback message (botReply), and the inbox and bot settings show a banner to connect one.
import { AI_PROVIDER_KINDS } from '#shared/domain/aiProviders.js';
import type { AppContext } from '#server/app/appContext.js';
import { gatewayState } from '../gateway/index.js';
import { connectionColumns, isConnected, readClientRow } from './providerConnections.js';

export async function providerStatus(app: AppContext, clientId: string): Promise<{ ready: boolean; clientConnected: boolean; platformProvided: boolean }> {
  const clientConnected = await app.db.tenant(clientId, async (tx) => {
    const client = await readClientRow(app, tx, clientId);
    return client !== null && AI_PROVIDER_KINDS.some((kind) => isConnected(kind, connectionColumns(client, kind)));
  });
  const state = await gatewayState(app).get();
  const platformProvided = state.platformKeys.size > 0;
  return { ready: clientConnected || platformProvided, clientConnected, platformProvided };
}
