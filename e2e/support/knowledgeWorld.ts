// A server whose gateway embeds with the fake model server, with a client and its owner and
// viewer, for the knowledge base screen.
import fs from 'node:fs';
import { startFakeModelServer, type FakeModelServer } from '../../server/dev/fakeModelServer.js';
import { E2E_PASSWORD } from './env.js';
import { startE2eServer } from './startE2eServer.js';
import { signInOverApi, trpcMutation } from './trpcHttp.js';

export type KnowledgeWorld = { url: string; models: FakeModelServer; accounts: { owner: string; viewer: string }; dispose(): Promise<void> };

export async function startKnowledgeWorld(): Promise<KnowledgeWorld> {
  const models = await startFakeModelServer();
  const server = await startE2eServer('knowledge', { OPENAI_BASE_URL: models.baseUrl, GROQ_BASE_URL: models.baseUrl, ANTHROPIC_BASE_URL: models.baseUrl });
  const created = JSON.parse(
    server.cli([
      'client',
      'create',
      '--name',
      'Padaria Saber',
      '--slug',
      'padaria-saber',
      '--phone-number-id',
      '1066600011144',
      '--access-token',
      'EAAknowledge-e2e-token',
      '--verify-token',
      'knowledge-e2e-verify',
      '--app-secret',
      'knowledge-e2e-secret',
    ]),
  ) as { slug: string };
  const accounts = { owner: 'owner@saber.test', viewer: 'viewer@saber.test', platform: 'platform@saber.test' };
  for (const role of ['owner', 'viewer'] as const) {
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
      `${role[0]!.toUpperCase()}${role.slice(1)} Saber`,
    ]);
  }
  server.cli(['user', 'create', '--email', accounts.platform, '--password', E2E_PASSWORD, '--platform-admin', '--name', 'Plataforma']);
  const platformToken = await signInOverApi(server.url, accounts.platform, E2E_PASSWORD);
  await trpcMutation(server.url, 'gateway.config.update', { fallbackChain: [], openaiApiKey: 'sk-platform-openai-e2e' }, platformToken);
  return {
    url: server.url,
    models,
    accounts,
    async dispose() {
      await server.supervisor.stop();
      await models.close();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}
