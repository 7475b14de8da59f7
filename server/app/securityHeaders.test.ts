import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/testServer.js';

// Headers do not depend on the database: one kind is enough (no data access is under test).
describe('security headers', () => {
  let server: TestServer;
  let webDir: string;
  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-web-'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>UZZ.AI</title>');
    server = await startTestServer('sqlite', { webDir });
  });
  afterAll(async () => {
    await server?.dispose();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it.each(['/', '/inbox', '/trpc/auth.me', '/health', '/no-such-route'])('are on %s', async (route) => {
    const response = await fetch(`${server.url}${route}`, { headers: { accept: 'text/html' } });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
