// The PostgreSQL connection settings a deployment of several instances tunes: the pools' size and
// the one session connection that LISTENs (straight to PostgreSQL when the pools go through
// PgBouncer in transaction mode).
import { describe, expect, it } from 'vitest';
import { startTestServer } from '#server/testing/testServer.js';
import { parseDatabaseUrl } from './databaseUrl.js';

const OWNER = 'postgres://uzz_owner:uzz_owner@127.0.0.1:5432/uzz';

describe('DATABASE_URL and its companions', () => {
  it('reads the listen URL and the pool size, and refuses bad ones with the variable named', () => {
    expect(parseDatabaseUrl(OWNER, '/tmp', { DATABASE_LISTEN_URL: 'postgres://uzz_app:uzz_app@10.0.0.5:5432/uzz', DATABASE_POOL_SIZE: '25' })).toMatchObject({
      kind: 'pg',
      appUrl: 'postgres://uzz_app:uzz_app@127.0.0.1:5432/uzz',
      listenUrl: 'postgres://uzz_app:uzz_app@10.0.0.5:5432/uzz',
      poolSize: 25,
    });
    expect(parseDatabaseUrl(OWNER, '/tmp', {})).not.toHaveProperty('listenUrl');
    expect(() => parseDatabaseUrl(OWNER, '/tmp', { DATABASE_POOL_SIZE: 'ten' })).toThrow(/DATABASE_POOL_SIZE must be a whole number from 1 to 500/);
    expect(() => parseDatabaseUrl(OWNER, '/tmp', { DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => parseDatabaseUrl(OWNER, '/tmp', { DATABASE_LISTEN_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_LISTEN_URL must start with postgres:\/\//);
    expect(() => parseDatabaseUrl(OWNER, '/tmp', { DATABASE_LISTEN_URL: 'postgres://127.0.0.1:5432/uzz' })).toThrow(/DATABASE_LISTEN_URL has no user/);
  });

  it('opens pools of the configured size, and hears another instance through the listen connection', async () => {
    const first = await startTestServer('pg');
    try {
      if (first.config.database.kind !== 'pg') throw new Error('expected PostgreSQL');
      const database = { ...first.config.database, listenUrl: first.config.database.systemUrl, poolSize: 3 };
      const second = await startTestServer('pg', { database, masterKey: first.config.masterKey });
      try {
        expect(second.app.db.poolSize).toBe(3);
        const heard: unknown[] = [];
        second.app.events.subscribe('client-listen', (event) => heard.push(event.payload));
        first.app.events.publish('client-listen', 'test.ping', { n: 1 });
        await expect.poll(() => heard, { timeout: 5000 }).toEqual([{ n: 1 }]);
      } finally {
        await second.stop();
      }
    } finally {
      await first.dispose();
    }
  });
});
