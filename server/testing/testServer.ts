// A whole server on a fresh database for tests: HTTP on an ephemeral loopback port, plus helpers
// to make tenants and signed-in users and to call tRPC procedures as them.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type ServerOptions, type UzzServer } from '../app/createServer.js';
import { loadConfig, type ServerConfig } from '../config.js';
import type { DatabaseKind } from '../db/openDatabase.js';
import { createUser } from '../features/auth/createUser.js';
import { loginWithPassword } from '../features/auth/loginWithPassword.js';
import { NO_SESSION_COOKIE } from '../features/auth/sessionCookie.js';
import { resolveSession } from '../features/auth/sessions.js';
import { setHashCostForTests } from '../features/auth/passwords.js';
import { createClient, type NewClient } from '../features/clients/createClient.js';
import { appRouter } from '../trpc/appRouter.js';
import { createCallerFactory } from '../trpc/trpc.js';
import type { UserRole } from '#shared/domain/statuses.js';
import { createTestTarget } from './testDatabases.js';

export type TestServer = UzzServer & {
  url: string;
  config: ServerConfig;
  /** Creates a client; unique slug and phone number id unless given. */
  makeClient(input?: Partial<NewClient>): Promise<{ id: string; slug: string; phoneNumberId: string }>;
  /** Creates a user and signs them in; `caller` calls tRPC procedures as them. */
  signIn(input: { clientId: string | null; role?: UserRole; platformAdmin?: boolean; email?: string }): Promise<SignedIn>;
  /** Calls tRPC procedures with no session (public procedures). */
  anonymous(): Caller;
  dispose(): Promise<void>;
};

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;
export type SignedIn = { userId: string; email: string; token: string; caller: Caller };
export const TEST_PASSWORD = 'correct horse battery';

// Cheaper scrypt for the suite's thousands of sign-ins (production uses OWASP's, see passwords.ts).
setHashCostForTests({ N: 2 ** 14, r: 8, p: 1 });

export async function startTestServer(kind: DatabaseKind, overrides: Partial<ServerConfig> = {}, options: ServerOptions = {}): Promise<TestServer> {
  const { target, drop } = await createTestTarget(kind, { migrated: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-data-'));
  const config: ServerConfig = {
    ...loadConfig({}, dataDir),
    database: target,
    dataDir,
    port: 0,
    masterKey: randomBytes(32).toString('hex'),
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    webDir: path.join(dataDir, 'no-web-build'),
    // Tests sign in over HTTP from 127.0.0.1 many times a minute; the limit's own test lowers it.
    loginAttemptsPerMinute: 10_000,
    // Each customer message answered at once unless a test sets a window (the debounce's own tests do).
    aiDebounceMs: 0,
    ...overrides,
  };
  const server = await createServer(config, options);
  const url = await server.start();
  const app = server.app;
  let counter = 0;
  const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;
  const contextFor = async (token: string | null) => ({
    app,
    session: token ? await resolveSession(app.db, token, app.config) : null,
    request: { ip: '127.0.0.1', userAgent: 'vitest', endpoint: '/trpc', method: 'POST' },
    audit: { clientId: null, resourceId: null },
    sessionCookie: NO_SESSION_COOKIE, // callers carry their token; there is no browser to hand a cookie
  });

  return {
    ...server,
    url,
    config,
    async makeClient(input = {}) {
      const phoneNumberId = input.metaPhoneNumberId ?? `10${Math.floor(Math.random() * 1e12)}`;
      const client = await createClient(app, {
        name: `Client ${unique()}`,
        slug: `c-${unique()}`,
        metaAccessToken: 'EAAtest-access-token',
        metaVerifyToken: 'verify-token-test',
        metaAppSecret: 'app-secret-test',
        metaDisplayPhone: '+55 11 4000-0000',
        ...input,
        metaPhoneNumberId: phoneNumberId,
      });
      return { ...client, phoneNumberId };
    },
    async signIn(input) {
      const email = input.email ?? `user-${unique()}@example.test`;
      const user = await createUser(app.db, {
        email,
        password: TEST_PASSWORD,
        clientId: input.clientId,
        role: input.role ?? 'owner',
        isPlatformAdmin: input.platformAdmin ?? false,
      });
      const { token } = await loginWithPassword(app.db, { email, password: TEST_PASSWORD });
      return { userId: user.id, email, token, caller: createCaller(() => contextFor(token)) };
    },
    // A fresh context per call, as over HTTP: the session is looked up again and the audit scope is new.
    anonymous: () => createCaller(() => contextFor(null)),
    async dispose() {
      await server.stop();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
