import type { FastifyInstance } from 'fastify';
import { count, eq } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import { APP_VERSION } from '../../app/version.js';

/**
 * GET /metrics in Prometheus' text format: requests by method and status, the backlog of inbound
 * events and outbound messages (what an operator watches when replies are late), and process health.
 */
export function registerMetricsRoute(server: FastifyInstance, app: AppContext): void {
  const requests = new Map<string, number>();
  let durationSum = 0;
  let durationCount = 0;
  server.addHook('onResponse', async (request, reply) => {
    const key = `method="${request.method}",status="${reply.statusCode}"`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    durationSum += reply.elapsedTime / 1000;
    durationCount += 1;
  });

  server.get('/metrics', async (_request, reply) => {
    const { webhookInbox, messages } = app.db.t;
    const [backlog] = await app.db.system(async (tx) => [{
      inbox: (await tx.select({ n: count() }).from(webhookInbox).where(eq(webhookInbox.state, 'pending')))[0]?.n ?? 0,
      outbox: (await tx.select({ n: count() }).from(messages).where(eq(messages.status, 'queued')))[0]?.n ?? 0,
    }]);
    const memory = process.memoryUsage();
    const lines = [
      '# HELP uzz_info Version and database of this server.',
      '# TYPE uzz_info gauge',
      `uzz_info{version="${APP_VERSION}",database="${app.db.kind === 'pg' ? 'postgresql' : 'sqlite'}"} 1`,
      '# HELP uzz_http_requests_total HTTP requests answered, by method and status.',
      '# TYPE uzz_http_requests_total counter',
      ...[...requests].map(([labels, value]) => `uzz_http_requests_total{${labels}} ${value}`),
      '# HELP uzz_http_request_duration_seconds Time to answer HTTP requests.',
      '# TYPE uzz_http_request_duration_seconds summary',
      `uzz_http_request_duration_seconds_sum ${durationSum}`,
      `uzz_http_request_duration_seconds_count ${durationCount}`,
      '# HELP uzz_webhook_inbox_pending Inbound WhatsApp events stored but not processed yet.',
      '# TYPE uzz_webhook_inbox_pending gauge',
      `uzz_webhook_inbox_pending ${Number(backlog?.inbox ?? 0)}`,
      '# HELP uzz_outbox_queued Outbound WhatsApp messages waiting to be sent.',
      '# TYPE uzz_outbox_queued gauge',
      `uzz_outbox_queued ${Number(backlog?.outbox ?? 0)}`,
      '# HELP process_uptime_seconds Seconds since the process started.',
      '# TYPE process_uptime_seconds gauge',
      `process_uptime_seconds ${process.uptime()}`,
      '# HELP process_resident_memory_bytes Resident memory.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${memory.rss}`,
      '# HELP nodejs_heap_used_bytes V8 heap in use.',
      '# TYPE nodejs_heap_used_bytes gauge',
      `nodejs_heap_used_bytes ${memory.heapUsed}`,
    ];
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}
