// Test harness for the gateway, budgets, the bot's reply and /v1: a whole test server whose
// OpenAI, Groq and Anthropic base URLs point at one fake model server, fake models registered
// through the registry procedures, platform keys set, and helpers for clients and API keys.
import type { ServerConfig } from '#server/config.js';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { startTestServer, type SignedIn, type TestServer } from '#server/testing/testServer.js';
import { gatewayTuning } from './gatewayTuning.js';

export type FakeModelSpec = {
  provider?: 'openai' | 'groq' | 'anthropic';
  modelName: string;
  contextWindow?: number | null;
  maxOutputTokens?: number | null;
  input?: string;
  output?: string;
  cached?: string | null;
  capabilities?: Record<string, boolean | number | string>;
  baseUrl?: string;
};

export type GatewayKit = {
  server: TestServer;
  fake: FakeModelServer;
  admin: SignedIn;
  /** Registers (or updates) a model in the registry; returns its gateway identifier. */
  addModel(spec: FakeModelSpec): Promise<string>;
  /** A client with an owner signed in. */
  makeTenant(input?: { plan?: string; timezone?: string }): Promise<{ clientId: string; owner: SignedIn }>;
  /** A /v1 API key for a client. */
  apiKey(owner: SignedIn): Promise<string>;
  dispose(): Promise<void>;
};

export const PLATFORM_KEY = 'sk-platform-test-key';

/** `config`: server settings to override (providerTimeoutMs is 1.5 s unless given). */
export async function startGatewayKit(kind: DatabaseKind, config: Partial<ServerConfig> = {}): Promise<GatewayKit> {
  const fake = await startFakeModelServer();
  // Quick failures: tests exercise the rules, not the real waiting times.
  const server = await startTestServer(kind, {
    providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl },
    providerTimeoutMs: 1_500,
    ...config,
  });
  Object.assign(gatewayTuning(server.app), { backoffBaseMs: 10, backoffMaxMs: 50, maxRetryAfterMs: 3_000, totalDeadlineMs: 20_000, stateTtlMs: 0 });
  const admin = await server.signIn({ clientId: null, platformAdmin: true });
  await admin.caller.gateway.config.update({ openaiApiKey: PLATFORM_KEY, groqApiKey: PLATFORM_KEY, anthropicApiKey: PLATFORM_KEY });
  return {
    server,
    fake,
    admin,
    async addModel(spec) {
      const model = await admin.caller.gateway.registry.upsert({
        provider: spec.provider ?? 'openai',
        modelName: spec.modelName,
        contextWindow: spec.contextWindow ?? 100_000,
        maxOutputTokens: spec.maxOutputTokens === undefined ? 1_000 : spec.maxOutputTokens,
        inputPricePerMillion: spec.input ?? '1',
        outputPricePerMillion: spec.output ?? '2',
        cachedInputPricePerMillion: spec.cached ?? null,
        capabilities: spec.capabilities ?? { chat: true },
        ...(spec.baseUrl ? { baseUrl: spec.baseUrl } : {}),
      });
      return model.gatewayIdentifier;
    },
    async makeTenant(input = {}) {
      const client = await server.makeClient({ plan: input.plan ?? 'free', timezone: input.timezone });
      const owner = await server.signIn({ clientId: client.id, role: 'owner' });
      return { clientId: client.id, owner };
    },
    async apiKey(owner) {
      return (await owner.caller.apiKeys.create({ name: 'tests' })).key;
    },
    async dispose() {
      await server.dispose();
      await fake.close();
    },
  };
}
