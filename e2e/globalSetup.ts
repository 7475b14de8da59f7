// Starts the servers the browser tests use and seeds them through the admin CLI:
// - "remote": an ordinary server (email/password), with a client, an owner, an agent and a viewer,
//   and a platform administrator with no client;
// - "local": a desktop-style local server that requires a launch token;
// - "fresh": a server left empty (no client, no account), for the first-run set-up.
// Their URLs and accounts reach the tests through environment variables (see e2e/support/env.ts).
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { startE2eServer } from './support/startE2eServer.js';
import { E2E_PASSWORD, type E2eEnvironment } from './support/env.js';

export default async function globalSetup() {
  const launchToken = randomBytes(24).toString('base64url');
  const remote = await startE2eServer('remote');
  const local = await startE2eServer('local', { UZZ_LAUNCH_TOKEN: launchToken });
  const fresh = await startE2eServer('fresh');

  remote.cli([
    'client',
    'create',
    '--name',
    'Padaria Central',
    '--slug',
    'padaria',
    '--phone-number-id',
    '1098765432101',
    '--display-phone',
    '+55 11 4000-1000',
    '--access-token',
    'EAAe2e-access-token',
    '--verify-token',
    'e2e-verify-token',
    '--app-secret',
    'e2e-app-secret',
  ]);
  const accounts = { owner: 'owner@padaria.test', agent: 'agent@padaria.test', viewer: 'viewer@padaria.test' };
  for (const [role, email] of Object.entries(accounts)) {
    remote.cli([
      'user',
      'create',
      '--email',
      email,
      '--password',
      E2E_PASSWORD,
      '--client',
      'padaria',
      '--role',
      role,
      '--name',
      `${role[0]!.toUpperCase()}${role.slice(1)} Silva`,
    ]);
  }
  const platform = 'platform@uzz.test';
  remote.cli(['user', 'create', '--email', platform, '--password', E2E_PASSWORD, '--platform-admin', '--name', 'Plataforma Souza']);

  const environment: E2eEnvironment = {
    remoteUrl: remote.url,
    localUrl: local.url,
    freshUrl: fresh.url,
    launchToken,
    accounts: { ...accounts, platform },
    phoneNumberId: '1098765432101',
    appSecret: 'e2e-app-secret',
  };
  process.env.UZZ_E2E = JSON.stringify(environment);

  return async () => {
    await Promise.all([remote.supervisor.stop(), local.supervisor.stop(), fresh.supervisor.stop()]);
    for (const server of [remote, local, fresh]) fs.rmSync(server.dataDir, { recursive: true, force: true });
  };
}
