import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../testing/testDatabases.js';
import { startTestServer, type TestServer } from '../../testing/testServer.js';

describe.each(DATABASE_KINDS)('GET /metrics on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it('answers in Prometheus text format with requests, backlogs and process figures', async () => {
    await fetch(`${server.url}/healthz`);
    await fetch(`${server.url}/no-such-route`);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain(`uzz_info{version="`);
    expect(text).toContain(`database="${kind === 'pg' ? 'postgresql' : 'sqlite'}"} 1`);
    expect(text).toMatch(/uzz_http_requests_total\{method="GET",status="200"\} [1-9]/);
    expect(text).toMatch(/uzz_http_requests_total\{method="GET",status="404"\} 1/);
    expect(text).toMatch(/^uzz_webhook_inbox_pending 0$/m);
    expect(text).toMatch(/^uzz_outbox_queued 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
  });
});
