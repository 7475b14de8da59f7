// Issue 14 item 11 ("Done means": a fuzz test of every procedure with malformed input asserts no
// 500). Every query and mutation of appRouter is called over HTTP, as the real renderer would,
// by a client owner, the platform administrator and nobody signed in, with whole-input garbage and
// with a plausible input (built from the procedure's own schema) broken one field at a time. No
// answer may be a 500 / INTERNAL_SERVER_ERROR, and no message may carry SQL or its parameters.
// Subscriptions (conversations.live) are long-lived streams and are left to their own tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startFakeGraphApi } from '../dev/fakeGraphApi.js';
import { startFakeModelServer } from '../dev/fakeModelServer.js';
import { malformedInputs } from '../testing/fuzz/malformedInputs.js';
import { inputSchemaOf, sampleInput } from '../testing/fuzz/sampleInput.js';
import { DATABASE_KINDS } from '../testing/testDatabases.js';
import { startTestServer, type SignedIn, type TestServer } from '../testing/testServer.js';
import { trpcOverHttp } from '../testing/trpcOverHttp.js';
import { appRouter } from './appRouter.js';

type Definition = { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] } };
const SESSION_ENDING = new Set(['auth.logout', 'users.changePassword']);
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Definition>)
  .filter(([, procedure]) => procedure._def.type !== 'subscription')
  .map(([path, procedure]) => ({ path, type: procedure._def.type as 'query' | 'mutation', schema: inputSchemaOf(procedure._def.inputs) }))
  // Procedures that may end the caller's session run last, so they cannot blind the others.
  .sort((x, y) => Number(SESSION_ENDING.has(x.path)) - Number(SESSION_ENDING.has(y.path)) || x.path.localeCompare(y.path));

const SQL_TEXT = /\b(select\s.+\sfrom|insert\s+into|update\s+\S+\s+set|delete\s+from)\b|failed query|params:|\$\d+\b/i;

describe.each(DATABASE_KINDS)('malformed input to every procedure on %s', (kind) => {
  let server: TestServer;
  let owner: SignedIn;
  let platform: SignedIn;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const graph = await startFakeGraphApi();
    const models = await startFakeModelServer({ recordRequests: false });
    const defaults = loadConfig({});
    server = await startTestServer(kind, {
      whatsapp: { ...defaults.whatsapp, graphUrl: graph.url },
      providers: { openaiBaseUrl: models.baseUrl, groqBaseUrl: models.baseUrl, anthropicBaseUrl: models.baseUrl },
    });
    close = async () => {
      await server.dispose();
      await graph.close();
      await models.close();
    };
    const client = await server.makeClient();
    owner = await server.signIn({ clientId: client.id, role: 'owner' });
    platform = await server.signIn({ clientId: null, platformAdmin: true });
  }, 60_000);
  afterAll(() => close?.());

  it.each(procedures)(
    '$path',
    async ({ path, type, schema }) => {
      const sample = schema ? sampleInput(schema) : undefined;
      const forUrl = type === 'query';
      const callers = [
        { who: 'owner', token: owner.token, inputs: malformedInputs(sample, { limit: 16, seed: path, forUrl }) },
        { who: 'platform admin', token: platform.token, inputs: malformedInputs(sample, { limit: 8, seed: `${path}!`, forUrl }) },
        { who: 'anonymous', token: null, inputs: malformedInputs(sample, { limit: 4, seed: `${path}?`, forUrl }) },
      ];
      const problems: string[] = [];
      for (const { who, token, inputs } of callers) {
        // Several at a time: the server must cope with them together, and the test stays quick.
        for (let start = 0; start < inputs.length; start += 8) {
          await Promise.all(
            inputs.slice(start, start + 8).map(async ({ label, input }) => {
              const answer = await trpcOverHttp(server.url, path, type, input, token);
              const error = (answer.body as { error?: { message?: string; data?: { code?: string } } } | null)?.error;
              // 502/503 are honest upstream answers (no model provider configured); 500 is a bug.
              if (answer.status === 500 || error?.data?.code === 'INTERNAL_SERVER_ERROR')
                problems.push(`${who}, ${label}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
              else if (error?.message && SQL_TEXT.test(error.message)) problems.push(`${who}, ${label}: SQL in the message: ${error.message.slice(0, 300)}`);
            }),
          );
        }
      }
      expect(problems).toEqual([]);
    },
    60_000,
  );
});
