import type { FastifyInstance } from 'fastify';
import { count, eq, min } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { APP_VERSION } from '#server/app/version.js';
import { databaseProductName } from '#server/db/dialect.js';

/**
 * GET /metrics in Prometheus' text format: requests by method and status, the backlog of inbound
 * events and outbound messages and how long the oldest of each has waited (what an operator
 * watches when replies are late), background jobs by type and status, and process health.
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
    const [inbox, outbox] = await app.db.system(async (tx) => [
      (
        await tx
          .select({ n: count(), oldest: min(webhookInbox.receivedAt) })
          .from(webhookInbox)
          .where(eq(webhookInbox.state, 'pending'))
      )[0],
      (
        await tx
          .select({ n: count(), oldest: min(messages.timestamp) })
          .from(messages)
          .where(eq(messages.status, 'queued'))
      )[0],
    ]);
    const now = Date.now();
    const ageSeconds = (since: Date | null | undefined) => (since ? Math.max(0, (now - since.getTime()) / 1000) : 0);
    const jobs = await app.jobs.metrics();
    const memory = process.memoryUsage();
    const lines = [
      '# HELP uzz_info Version and database of this server.',
      '# TYPE uzz_info gauge',
      `uzz_info{version="${APP_VERSION}",database="${databaseProductName(app.db)}"} 1`,
      '# HELP uzz_http_requests_total HTTP requests answered, by method and status.',
      '# TYPE uzz_http_requests_total counter',
      ...[...requests].map(([labels, value]) => `uzz_http_requests_total{${labels}} ${value}`),
      '# HELP uzz_http_request_duration_seconds Time to answer HTTP requests.',
      '# TYPE uzz_http_request_duration_seconds summary',
      `uzz_http_request_duration_seconds_sum ${durationSum}`,
      `uzz_http_request_duration_seconds_count ${durationCount}`,
      '# HELP uzz_webhook_inbox_pending Inbound WhatsApp events stored but not processed yet.',
      '# TYPE uzz_webhook_inbox_pending gauge',
      `uzz_webhook_inbox_pending ${Number(inbox?.n ?? 0)}`,
      '# HELP uzz_webhook_inbox_oldest_pending_seconds How long the oldest unprocessed inbound event has waited since it arrived (0: none).',
      '# TYPE uzz_webhook_inbox_oldest_pending_seconds gauge',
      `uzz_webhook_inbox_oldest_pending_seconds ${ageSeconds(inbox?.oldest)}`,
      '# HELP uzz_outbox_queued Outbound WhatsApp messages waiting to be sent.',
      '# TYPE uzz_outbox_queued gauge',
      `uzz_outbox_queued ${Number(outbox?.n ?? 0)}`,
      '# HELP uzz_outbox_oldest_queued_seconds How long the oldest unsent outbound message has waited since it was queued, retries included (0: none).',
      '# TYPE uzz_outbox_oldest_queued_seconds gauge',
      `uzz_outbox_oldest_queued_seconds ${ageSeconds(outbox?.oldest)}`,
      '# HELP uzz_jobs Background jobs (server/jobs) by type and status (dead: failed for good, with the reason in last_error).',
      '# TYPE uzz_jobs gauge',
      ...jobs.counts.map((row) => `uzz_jobs{type="${row.type}",status="${row.status}"} ${row.count}`),
      '# HELP uzz_jobs_oldest_due_seconds How long the oldest due, unclaimed job of each type has waited.',
      '# TYPE uzz_jobs_oldest_due_seconds gauge',
      ...jobs.oldestQueuedAgeSeconds.map((row) => `uzz_jobs_oldest_due_seconds{type="${row.type}"} ${row.seconds}`),
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
