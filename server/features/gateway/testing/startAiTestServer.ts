// A test server whose AI providers are the fake OpenAI-compatible model server (deterministic
// embeddings, transcription and speech), with the gateway's catalogue seeded and a platform
// OpenAI key set, so features call models through the real gateway.
import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { ServerConfig } from '#server/config.js';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { gatewayState } from '../gatewayState.js';
import { seedGatewayDefaults } from '../seedGatewayDefaults.js';

export type AiTestServer = TestServer & { fake: FakeModelServer };

export async function startAiTestServer(kind: DatabaseKind, overrides: Partial<ServerConfig> = {}): Promise<AiTestServer> {
  const fake = await startFakeModelServer();
  const server = await startTestServer(kind, {
    providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl },
    ...overrides,
  });
  await useFakeModels(server.app);
  return {
    ...server,
    fake,
    async dispose() {
      await server.dispose();
      await fake.close();
    },
  };
}

/** Seeds the gateway's catalogue and sets platform OpenAI and Groq keys (the fake accepts any). */
export async function useFakeModels(app: AppContext): Promise<void> {
  await seedGatewayDefaults(app);
  const { sharedGatewayConfig } = app.db.t;
  await app.db.system(async (tx) => {
    const [config] = await tx.select().from(sharedGatewayConfig).orderBy(asc(sharedGatewayConfig.createdAt)).limit(1);
    const secretId = await app.vault.store(tx, { clientId: null, name: 'openai_api_key', value: 'sk-fake-platform-key' });
    const groqId = await app.vault.store(tx, { clientId: null, name: 'groq_api_key', value: 'gsk-fake-platform-key' });
    await tx
      .update(sharedGatewayConfig)
      .set({ openaiApiKeySecretId: secretId, groqApiKeySecretId: groqId, fallbackChain: [] })
      .where(eq(sharedGatewayConfig.id, config!.id));
  });
  gatewayState(app).invalidate();
}
