// `npm start` through its real entry point: serves /healthz on SQLite and PostgreSQL, and stops
// cleanly on SIGTERM.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_KINDS, createTestTarget } from './testing/testDatabases.js';
import { startServerProcess } from './testing/runProcess.js';

describe.each(DATABASE_KINDS)('the server process on %s', (kind) => {
  it('starts, answers /healthz with the database kind and migration level, and shuts down gracefully', async () => {
    const { target, drop } = await createTestTarget(kind);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-start-'));
    const env = target.kind === 'pg' ? { DATABASE_URL: target.url, DATA_DIR: dataDir } : { DATA_DIR: dataDir };
    const { url, child } = await startServerProcess(env);
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/healthz`);
      expect(response.status).toBe(200);
      const health = await response.json();
      expect(health).toMatchObject({
        status: 'ok',
        version: expect.any(String),
        database: { kind: kind === 'pg' ? 'postgresql' : 'sqlite', ok: true, migration: { applied: expect.any(Number), latest: expect.any(String) } },
      });
      expect(health.database.migration.applied).toBe(health.database.migration.known);
      if (kind === 'sqlite') expect(fs.existsSync(path.join(dataDir, 'uzz.sqlite'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'master.key'))).toBe(true);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await drop();
    }
  });
});
