// For tests and benchmarks that talk to the fake model server: registers `modelName` (OpenAI) in
// the gateway's registry and makes it the platform's default, with no fallbacks and a platform
// key, through the real procedures as a platform admin would.
import type { TestServer } from './testServer.js';

export async function useFakeDefaultModel(server: TestServer, modelName: string): Promise<void> {
  const admin = await server.signIn({ clientId: null, platformAdmin: true });
  await admin.caller.gateway.registry.upsert({
    provider: 'openai',
    modelName,
    contextWindow: 100_000,
    maxOutputTokens: 500,
    inputPricePerMillion: '1',
    outputPricePerMillion: '1',
  });
  await admin.caller.gateway.config.update({ defaultModel: `openai/${modelName}`, fallbackChain: [], openaiApiKey: 'sk-platform-openai' });
}
