// A server for the settings forms, on SQLite or a fresh PostgreSQL database: one client (with its
// owner and a platform administrator), the fake WhatsApp Graph API and the fake model server, a
// customer who writes through the signed webhook, and what the bot sent back.
import fs from 'node:fs';
import { startFakeGraphApi, type FakeGraphApi } from '../../server/dev/fakeGraphApi.js';
import { metaJson, signedPost } from '../../server/dev/fakeGraph/signedPost.js';
import { startFakeModelServer, type FakeModelServer } from '../../server/dev/fakeModelServer.js';
import { contact, envelope, inbound } from '../../server/features/whatsapp/fixtures/webhookFixtures.js';
import { E2E_PASSWORD } from './env.js';
import { createPgDatabase } from './journeyWorld.js';
import { startE2eServer } from './startE2eServer.js';
import { signInOverApi, trpcMutation } from './trpcHttp.js';

export type SettingsWorld = {
  url: string;
  clientId: string;
  models: FakeModelServer;
  accounts: { owner: string; platform: string };
  ownerToken: string;
  customerWrites(phone: string, text: string): Promise<void>;
  /** Waits for `count` messages to `phone` in total and returns the texts of all of them. */
  waitForReplies(phone: string, count: number): Promise<string[]>;
  dispose(): Promise<void>;
};

const PHONE_NUMBER_ID = '1055500022244';
const APP_SECRET = 'settings-e2e-app-secret';

export async function startSettingsWorld(kind: 'sqlite' | 'pg'): Promise<SettingsWorld> {
  const graph: FakeGraphApi = await startFakeGraphApi();
  const models = await startFakeModelServer();
  const database = kind === 'pg' ? await createPgDatabase() : null;
  const server = await startE2eServer(`settings-${kind}`, {
    WHATSAPP_GRAPH_URL: graph.url,
    ALLOW_PRIVATE_NETWORK: '1',
    OPENAI_BASE_URL: models.baseUrl,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const created = JSON.parse(
    server.cli([
      'client',
      'create',
      '--name',
      'Floricultura Sol',
      '--slug',
      'floricultura-sol',
      '--phone-number-id',
      PHONE_NUMBER_ID,
      '--waba-id',
      '2055500022255',
      '--access-token',
      'EAAsettings-e2e-token',
      '--verify-token',
      'settings-e2e-verify',
      '--app-secret',
      APP_SECRET,
    ]),
  ) as { id: string; slug: string };
  const accounts = { owner: 'owner@sol.test', platform: 'platform@uzz.test' };
  server.cli(['user', 'create', '--email', accounts.owner, '--password', E2E_PASSWORD, '--client', created.slug, '--role', 'owner', '--name', 'Dona Sol']);
  server.cli(['user', 'create', '--email', accounts.platform, '--password', E2E_PASSWORD, '--platform-admin', '--name', 'Plataforma']);
  const platformToken = await signInOverApi(server.url, accounts.platform, E2E_PASSWORD);
  const ownerToken = await signInOverApi(server.url, accounts.owner, E2E_PASSWORD);
  for (const modelName of ['bot-main', 'bot-backup']) {
    await trpcMutation(
      server.url,
      'gateway.registry.upsert',
      { provider: 'openai', modelName, contextWindow: 100_000, maxOutputTokens: 300, inputPricePerMillion: '2', outputPricePerMillion: '8' },
      platformToken,
    );
  }
  await trpcMutation(
    server.url,
    'gateway.config.update',
    { defaultModel: 'openai/bot-main', fallbackChain: [], openaiApiKey: 'sk-platform-openai-e2e', usdToBrlRate: '5.5' },
    platformToken,
  );
  const texts = (phone: string) =>
    graph.sent
      .filter((message) => message.to === phone)
      .map((message) => (message.body.text as { body?: string } | undefined)?.body ?? String(message.body.type));
  return {
    url: server.url,
    clientId: created.id,
    models,
    accounts,
    ownerToken,
    async customerWrites(phone, text) {
      const body = metaJson(envelope(PHONE_NUMBER_ID, { messages: [inbound.text(phone, text)], contacts: [contact(phone, 'Cliente')] }));
      const response = await signedPost(`${server.url}/webhooks/whatsapp`, body, APP_SECRET);
      if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    },
    async waitForReplies(phone, count) {
      const deadline = Date.now() + 20_000;
      while (texts(phone).length < count) {
        if (Date.now() > deadline) throw new Error(`the bot sent ${texts(phone).length} of ${count} replies to ${phone}: ${JSON.stringify(texts(phone))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return texts(phone);
    },
    async dispose() {
      await server.supervisor.stop();
      await graph.close();
      await models.close();
      await database?.drop();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}
