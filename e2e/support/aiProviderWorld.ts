// A server for the "Connect a model provider" spec: the fake WhatsApp Graph API for customers'
// messages, a fake OpenAI-compatible model server on 127.0.0.1 standing where an Ollama would be
// (so the server runs with ALLOW_PRIVATE_NETWORK=1, as an Ollama on the same machine needs), and
// a client with its owner. No provider is connected at first: the platform has no keys either.
import fs from 'node:fs';
import { startFakeGraphApi, type FakeGraphApi } from '../../server/dev/fakeGraphApi.js';
import { metaJson, signedPost } from '../../server/dev/fakeGraph/signedPost.js';
import { startFakeModelServer, type FakeModelServer } from '../../server/dev/fakeModelServer.js';
import { contact, envelope, inbound } from '../../server/features/whatsapp/fixtures/webhookFixtures.js';
import { E2E_PASSWORD } from './env.js';
import { startE2eServer } from './startE2eServer.js';

export type AiProviderWorld = {
  url: string;
  graph: FakeGraphApi;
  models: FakeModelServer;
  owner: string;
  customerWrites(phone: string, name: string, text: string): Promise<void>;
  dispose(): Promise<void>;
};

const PHONE_NUMBER_ID = '1088800011133';
const APP_SECRET = 'ai-provider-e2e-app-secret';

export async function startAiProviderWorld(): Promise<AiProviderWorld> {
  const graph = await startFakeGraphApi();
  const models = await startFakeModelServer();
  const server = await startE2eServer('ai-provider', { WHATSAPP_GRAPH_URL: graph.url, ALLOW_PRIVATE_NETWORK: '1' });
  const created = JSON.parse(
    server.cli([
      'client',
      'create',
      '--name',
      'Café Modelo',
      '--slug',
      'cafe-modelo',
      '--phone-number-id',
      PHONE_NUMBER_ID,
      '--display-phone',
      '+55 11 4000-3000',
      '--access-token',
      'EAAai-provider-e2e-token',
      '--verify-token',
      'ai-provider-e2e-verify',
      '--app-secret',
      APP_SECRET,
    ]),
  ) as { slug: string };
  const owner = 'owner@cafe-modelo.test';
  server.cli(['user', 'create', '--email', owner, '--password', E2E_PASSWORD, '--client', created.slug, '--role', 'owner', '--name', 'Dona Clara']);
  const webhookUrl = `${server.url}/webhooks/whatsapp`;
  return {
    url: server.url,
    graph,
    models,
    owner,
    async customerWrites(phone, name, text) {
      const response = await signedPost(
        webhookUrl,
        metaJson(envelope(PHONE_NUMBER_ID, { messages: [inbound.text(phone, text)], contacts: [contact(phone, name)] })),
        APP_SECRET,
      );
      if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    },
    async dispose() {
      await server.supervisor.stop();
      await graph.close();
      await models.close();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}
