// Failed queries are logged with their SQL but never their parameters, and every line is bounded.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../testing/testDatabases.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

describe.each(DATABASE_KINDS)('logged database errors on %s', (kind) => {
  const lines: string[] = [];
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { logLevel: 'error' }, { logStream: { write: (line) => void lines.push(line) } });
  });
  afterAll(() => server?.dispose());

  it('logs a failed query without its parameters, bounded, also when wrapped as a tRPC error', async () => {
    const secret = `cliente-segredo-${'z'.repeat(5_000_000)}`;
    // A real failure from the database (a check constraint), with 5 MB parameters bound to the statement.
    const client = await server.makeClient();
    const failure = await server.app.db
      .system((tx) =>
        tx.insert(server.app.db.t.webhookInbox).values({
          clientId: client.id,
          kind: 'message',
          dedupeKey: secret,
          conversationKey: 'k',
          payload: { text: secret },
          state: 'no-such-state' as never,
        }),
      )
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Error);
    // On PostgreSQL drizzle wraps the driver's error with the SQL and every parameter in its message;
    // SQLite's driver reports the constraint alone.
    const wrapped = String((failure as Error).message).includes('cliente-segredo');
    expect(wrapped).toBe(kind === 'pg');
    lines.length = 0;
    server.app.log.error({ err: failure }, 'a query failed');
    server.http.log.error({ err: new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: failure }), path: 'x.y' }, 'tRPC procedure failed');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('cliente-segredo');
      expect(line).not.toContain('zzzzzzzzzz');
      expect(line.length).toBeLessThan(20_000);
      expect(line).toMatch(kind === 'pg' ? /insert into .*parameters \(not logged\)/ : /CHECK constraint failed/);
    }
  });
});
