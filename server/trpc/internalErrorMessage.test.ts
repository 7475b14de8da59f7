// Issue 14 item 11: an internal error used to reach the caller with its SQL and parameters
// (drizzle's "Failed query: select … params: …"). Now the caller gets "internal error, reference
// <id>" and the server logs the real error under that id. The failure is real: the table a
// procedure reads is renamed away for the duration of the call.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../testing/testDatabases.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { trpcOverHttp } from '../testing/trpcOverHttp.js';

describe.each(DATABASE_KINDS)('internal errors on %s', (kind) => {
  let server: TestServer;
  const logged: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    server = await startTestServer(kind);
    const original = server.app.log.error.bind(server.app.log);
    server.app.log.error = ((object: unknown, ...rest: unknown[]) => {
      if (object && typeof object === 'object') logged.push(object as Record<string, unknown>);
      return (original as (...args: unknown[]) => void)(object, ...rest);
    }) as typeof server.app.log.error;
  });
  afterAll(() => server?.dispose());

  async function ddl(statement: string) {
    const target = server.config.database;
    if (target.kind === 'sqlite') {
      // better-sqlite3 runs DDL with run(), not the query path db.rows uses.
      await server.app.db.system(async (tx) => {
        (tx as unknown as { run(query: unknown): unknown }).run(sql.raw(statement));
      });
      return;
    }
    const owner = new pg.Client({ connectionString: target.url });
    await owner.connect();
    try {
      await owner.query(statement);
    } finally {
      await owner.end();
    }
  }

  it('answers a generic message with a reference, never the SQL or its parameters, and logs the error under that reference', async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    await ddl('alter table canned_responses rename to canned_responses_away');
    let answer;
    try {
      answer = await trpcOverHttp(server.url, 'cannedResponses.list', 'query', {}, owner.token);
    } finally {
      await ddl('alter table canned_responses_away rename to canned_responses');
    }
    expect(answer.status).toBe(500);
    const message = (answer.body as { error: { message: string } }).error.message;
    expect(message).toMatch(/^internal error, reference [0-9a-f-]{36}$/);
    expect(answer.text).not.toMatch(/canned_responses|select|params|from/i);
    expect(answer.text).not.toContain(client.id);
    const reference = message.slice('internal error, reference '.length);
    expect(logged.some((entry) => entry.reference === reference)).toBe(true);
  });
});
