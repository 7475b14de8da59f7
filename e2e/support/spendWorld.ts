// A server wired to the fake WhatsApp Graph API and the fake model server, for the spend tests:
// customers write through the signed webhook, the bot answers through the AI gateway (which logs
// usage and settles the budget), and the accounts of every role plus a platform administrator.
import fs from 'node:fs';
import { startFakeGraphApi, type FakeGraphApi } from '../../server/dev/fakeGraphApi.js';
import { metaJson, signedPost } from '../../server/dev/fakeGraph/signedPost.js';
import { startFakeModelServer, type FakeModelServer } from '../../server/dev/fakeModelServer.js';
import { envelope, inbound, contact } from '../../server/features/whatsapp/fixtures/webhookFixtures.js';
import { E2E_PASSWORD } from './env.js';
import { startE2eServer, type E2eServer } from './startE2eServer.js';
import { signInOverApi, trpcMutation, trpcQuery } from './trpcHttp.js';

export type SpendWorld = {
  url: string;
  clientId: string;
  /** The client's WhatsApp Business Account id (its message templates live under it at Meta). */
  wabaId: string;
  graph: FakeGraphApi;
  models: FakeModelServer;
  accounts: { owner: string; admin: string; agent: string; viewer: string; platform: string };
  platformToken: string;
  ownerToken: string;
  customerWrites(phone: string, name: string, text: string): Promise<void>;
  /** Waits until the bot has sent `count` messages to `phone` in total. */
  waitForReplies(phone: string, count: number): Promise<void>;
  repliesTo(phone: string): number;
  /** gateway_usage_logs rows of the client (through gateway.usage's recent rows). */
  usageRows(): Promise<
    Array<{
      costBrl: string;
      costUsd: string;
      totalTokens: number;
      modelName: string;
      conversationId: string | null;
      phone: string | null;
      errorDetails: unknown;
    }>
  >;
  dispose(): Promise<void>;
};

const PHONE_NUMBER_ID = '1055500011133';
const WABA_ID = '2055500011144';
const APP_SECRET = 'spend-e2e-app-secret';

export async function startSpendWorld(): Promise<SpendWorld> {
  const graph = await startFakeGraphApi();
  const models = await startFakeModelServer();
  const server: E2eServer = await startE2eServer('spend', {
    WHATSAPP_GRAPH_URL: graph.url,
    ALLOW_PRIVATE_NETWORK: '1',
    OPENAI_BASE_URL: models.baseUrl,
    GROQ_BASE_URL: models.baseUrl,
    ANTHROPIC_BASE_URL: models.baseUrl,
  });
  const created = JSON.parse(
    server.cli([
      'client',
      'create',
      '--name',
      'Doceria Lua',
      '--slug',
      'doceria-lua',
      '--phone-number-id',
      PHONE_NUMBER_ID,
      '--display-phone',
      '+55 11 4000-3000',
      '--waba-id',
      WABA_ID,
      '--access-token',
      'EAAspend-e2e-token',
      '--verify-token',
      'spend-e2e-verify',
      '--app-secret',
      APP_SECRET,
    ]),
  ) as { id: string; slug: string };
  const accounts = { owner: 'owner@lua.test', admin: 'admin@lua.test', agent: 'agent@lua.test', viewer: 'viewer@lua.test', platform: 'platform@uzz.test' };
  for (const role of ['owner', 'admin', 'agent', 'viewer'] as const) {
    server.cli([
      'user',
      'create',
      '--email',
      accounts[role],
      '--password',
      E2E_PASSWORD,
      '--client',
      created.slug,
      '--role',
      role,
      '--name',
      `${role[0]!.toUpperCase()}${role.slice(1)} Costa`,
    ]);
  }
  server.cli(['user', 'create', '--email', accounts.platform, '--password', E2E_PASSWORD, '--platform-admin', '--name', 'Plataforma']);
  const platformToken = await signInOverApi(server.url, accounts.platform, E2E_PASSWORD);
  const ownerToken = await signInOverApi(server.url, accounts.owner, E2E_PASSWORD);
  await trpcMutation(
    server.url,
    'gateway.registry.upsert',
    {
      provider: 'openai',
      modelName: 'bot-main',
      contextWindow: 100_000,
      maxOutputTokens: 300,
      inputPricePerMillion: '2',
      outputPricePerMillion: '8',
    },
    platformToken,
  );
  await trpcMutation(
    server.url,
    'gateway.config.update',
    { defaultModel: 'openai/bot-main', fallbackChain: [], openaiApiKey: 'sk-platform-openai-e2e', usdToBrlRate: '5.5' },
    platformToken,
  );
  const webhookUrl = `${server.url}/webhooks/whatsapp`;
  const repliesTo = (phone: string) => graph.sent.filter((message) => message.to === phone).length;
  return {
    url: server.url,
    clientId: created.id,
    wabaId: WABA_ID,
    graph,
    models,
    accounts,
    platformToken,
    ownerToken,
    repliesTo,
    async customerWrites(phone, name, text) {
      const response = await signedPost(
        webhookUrl,
        metaJson(envelope(PHONE_NUMBER_ID, { messages: [inbound.text(phone, text)], contacts: [contact(phone, name)] })),
        APP_SECRET,
      );
      if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    },
    async waitForReplies(phone, count) {
      const deadline = Date.now() + 20_000;
      while (repliesTo(phone) < count) {
        if (Date.now() > deadline) throw new Error(`the bot sent ${repliesTo(phone)} of ${count} replies to ${phone}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async usageRows() {
      const to = new Date(Date.now() + 60_000).toISOString();
      const result = await trpcQuery<{
        recent: Array<{
          costBrl: string;
          costUsd: string;
          totalTokens: number;
          modelName: string;
          conversationId: string | null;
          phone: string | null;
          errorDetails: unknown;
        }>;
      }>(server.url, 'gateway.usage', { from: '2000-01-01T00:00:00Z', to, recent: 200 }, ownerToken);
      return result.recent;
    },
    async dispose() {
      await server.supervisor.stop();
      await graph.close();
      await models.close();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}
