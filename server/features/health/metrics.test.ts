import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';

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
    expect(text).toMatch(/^uzz_webhook_inbox_oldest_pending_seconds 0$/m);
    expect(text).toMatch(/^uzz_outbox_queued 0$/m);
    expect(text).toMatch(/^uzz_outbox_oldest_queued_seconds 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
  });

  it('counts background jobs by type and status, and how long the oldest due one has waited', async () => {
    const { app } = server;
    await app.db.system((tx) => app.jobs.enqueue(tx, { type: 'metrics.unhandled', runAt: new Date(Date.now() - 3_000) }));
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^uzz_jobs\{type="metrics.unhandled",status="queued"\} 1$/m);
    const age = Number(/^uzz_jobs_oldest_due_seconds\{type="metrics.unhandled"\} ([\d.]+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(3);
  });

  it('shows how long the oldest inbound event and the oldest outbound message have waited', async () => {
    const { app } = server;
    const { conversations, messages, webhookInbox } = app.db.t;
    const client = await server.makeClient();
    const threeSecondsAgo = new Date(Date.now() - 3_000);
    const later = new Date(Date.now() + 60 * 60 * 1000);
    await app.db.tenant(client.id, async (tx) => {
      const [conversation] = await tx.insert(conversations).values({ clientId: client.id, phone: '5511900000001' }).returning();
      // A reply backing off for an hour, and an event another instance holds: both wait, neither runs here.
      await tx.insert(messages).values({
        clientId: client.id,
        conversationId: conversation!.id,
        phone: '5511900000001',
        direction: 'outgoing',
        status: 'queued',
        timestamp: threeSecondsAgo,
        nextAttemptAt: later,
      });
      await tx.insert(webhookInbox).values({
        clientId: client.id,
        kind: 'message',
        dedupeKey: 'metrics-waiting',
        conversationKey: '5511900000001',
        payload: {},
        receivedAt: threeSecondsAgo,
        lockedBy: 'another-instance',
        lockedUntil: later,
      });
    });
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^uzz_webhook_inbox_pending 1$/m);
    expect(text).toMatch(/^uzz_outbox_queued 1$/m);
    expect(Number(/^uzz_webhook_inbox_oldest_pending_seconds ([\d.]+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(3);
    expect(Number(/^uzz_outbox_oldest_queued_seconds ([\d.]+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(3);
  });
});
