// A server wired to the fake WhatsApp Graph API, for the inbox tests: customers' messages arrive
// through the signed webhook, sends go to the fake, which posts delivery statuses back.
import fs from 'node:fs';
import { startFakeGraphApi, type FakeGraphApi } from '../../server/dev/fakeGraphApi.js';
import { metaJson, signedPost } from '../../server/dev/fakeGraph/signedPost.js';
import { envelope, inbound, contact } from '../../server/features/whatsapp/fixtures/webhookFixtures.js';
import { E2E_PASSWORD } from './env.js';
import { startE2eServer, type E2eServer } from './startE2eServer.js';

export type WhatsappWorld = {
  url: string;
  graph: FakeGraphApi;
  accounts: { owner: string; agent: string; viewer: string };
  /** A customer writes (through the signed webhook); `secondsAgo` backdates it (for the 24-hour window). */
  customerWrites(phone: string, name: string, text: string, secondsAgo?: number): Promise<void>;
  /** A customer sends something other than text (a location, a contact card…: see webhookFixtures' `inbound`). */
  customerSends(phone: string, name: string, message: ReturnType<typeof inbound.location>): Promise<void>;
  /** Meta reports a status for the last message sent to `phone`. */
  status(phone: string, status: 'sent' | 'delivered' | 'read'): Promise<void>;
  /** Stops the server (live streams drop), then starts it again on the same address. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  dispose(): Promise<void>;
};

const PHONE_NUMBER_ID = '1077700011122';
const APP_SECRET = 'inbox-e2e-app-secret';

export async function startWhatsappWorld(): Promise<WhatsappWorld> {
  const graph = await startFakeGraphApi();
  const server: E2eServer = await startE2eServer('inbox', { WHATSAPP_GRAPH_URL: graph.url, ALLOW_PRIVATE_NETWORK: '1' });
  const created = JSON.parse(
    server.cli([
      'client',
      'create',
      '--name',
      'Loja Azul',
      '--slug',
      'loja-azul',
      '--phone-number-id',
      PHONE_NUMBER_ID,
      '--display-phone',
      '+55 11 4000-2000',
      '--access-token',
      'EAAinbox-e2e-token',
      '--verify-token',
      'inbox-e2e-verify',
      '--app-secret',
      APP_SECRET,
    ]),
  ) as { slug: string };
  const accounts = { owner: 'owner@loja.test', agent: 'agent@loja.test', viewer: 'viewer@loja.test' };
  const clientSlug = created.slug;
  for (const [role, email] of Object.entries(accounts)) {
    server.cli([
      'user',
      'create',
      '--email',
      email,
      '--password',
      E2E_PASSWORD,
      '--client',
      clientSlug,
      '--role',
      role,
      '--name',
      `${role[0]!.toUpperCase()}${role.slice(1)} Lima`,
    ]);
  }
  const webhookUrl = `${server.url}/webhooks/whatsapp`;
  const customerSends: WhatsappWorld['customerSends'] = async (phone, name, message) => {
    const response = await signedPost(webhookUrl, metaJson(envelope(PHONE_NUMBER_ID, { messages: [message], contacts: [contact(phone, name)] })), APP_SECRET);
    if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  };
  return {
    url: server.url,
    graph,
    accounts,
    async customerWrites(phone, name, text, secondsAgo = 0) {
      await customerSends(phone, name, inbound.text(phone, text, { timestamp: String(Math.floor(Date.now() / 1000) - secondsAgo) }));
    },
    customerSends,
    async status(phone, status) {
      const sent = [...graph.sent].reverse().find((message) => message.to === phone);
      if (!sent) throw new Error(`nothing was sent to ${phone}`);
      const response = await graph.postStatus(
        { webhookUrl, appSecret: APP_SECRET, phoneNumberId: PHONE_NUMBER_ID },
        { wamid: sent.wamid, status, recipient: phone },
      );
      if (!response.ok) throw new Error(`status webhook answered ${response.status}`);
    },
    stopServer: () => server.supervisor.stop(),
    async startServer() {
      await server.supervisor.start();
    },
    async dispose() {
      await server.supervisor.stop();
      await graph.close();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}
