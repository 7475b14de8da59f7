// Two tenants on one test server: A (the victim, with members of every role) and B (the
// attacker, the same), plus a platform administrator.
import { randomBytes } from 'node:crypto';
import { USER_ROLES, type UserRole } from '#shared/domain/statuses.js';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { loadConfig } from '#server/config.js';
import { startFakeGraphApi } from '#server/dev/fakeGraphApi.js';
import { startTestServer, type SignedIn, type TestServer } from '../testServer.js';
import type { IsolationTenant, IsolationWorld } from './isolationCase.js';

export async function createIsolationWorld(kind: DatabaseKind): Promise<IsolationWorld> {
  // Messages the seeds queue must really be sent (to a fake Graph API): a send that keeps failing
  // would be retried in the background and change client A's rows while probes run.
  const graph = await startFakeGraphApi();
  const started = await startTestServer(kind, { whatsapp: { ...loadConfig({}).whatsapp, graphUrl: graph.url } });
  const server: TestServer = {
    ...started,
    async dispose() {
      await started.dispose();
      await graph.close();
    },
  };
  const a = await createTenant(server, 'a');
  const b = await createTenant(server, 'b');
  const platformAdmin = await server.signIn({ clientId: null, platformAdmin: true });
  return {
    kind,
    server,
    a,
    b,
    platformAdmin,
    remember(tenant, key, value) {
      tenant.data[key] = value;
      tenant.markers.add(value);
    },
    freshMember: (tenant, role = 'viewer') => server.signIn({ clientId: tenant.clientId, role }),
  };
}

async function createTenant(server: TestServer, label: string): Promise<IsolationTenant> {
  const unique = randomBytes(5).toString('hex');
  const secrets = {
    accessToken: `EAA-isolation-${label}-access-${unique}`,
    verifyToken: `isolation-${label}-verify-${unique}`,
    appSecret: `isolation-${label}-app-secret-${unique}`,
  };
  const name = `Isolation ${label.toUpperCase()} ${unique}`;
  const client = await server.makeClient({
    name,
    slug: `isolation-${label}-${unique}`,
    metaAccessToken: secrets.accessToken,
    metaVerifyToken: secrets.verifyToken,
    metaAppSecret: secrets.appSecret,
  });
  const members = {} as Record<UserRole, SignedIn>;
  for (const role of USER_ROLES) members[role] = await server.signIn({ clientId: client.id, role, email: `${role}-${label}-${unique}@isolation.test` });
  const markers = new Set<string>([client.id, name, client.slug, client.phoneNumberId, ...Object.values(secrets)]);
  for (const member of Object.values(members)) for (const value of [member.userId, member.email, member.token]) markers.add(value);
  return { clientId: client.id, name, slug: client.slug, phoneNumberId: client.phoneNumberId, secrets, members, data: {}, markers };
}
