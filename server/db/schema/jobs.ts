import { sql } from 'drizzle-orm';
import { JOB_STATUSES, type JobStatus } from '#server/jobs/jobStatuses.js';
import type * as J from '../json-types.js';
import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';

// ── Background jobs (server/jobs) ───────────────────────────────────────────────────────────────
export const jobsTables = (d: Dialect, { clients }: Pick<IdentityTables, 'clients'>) => {
  const { table, index, uniqueIndex, check, oneOf, text, integer, id, ref, json, ts, tsDefaultNow, createdAt, updatedAt } = d;

  /**
   * The durable job runner's queue. client_id is null for platform-level jobs. dedupe_key is unique:
   * enqueueing the same work twice is one job. A job with an ordering_key does not start while an
   * older job with the same key is queued or running. The runner works in the platform context.
   */
  const jobs = table(
    'jobs',
    {
      id: id(),
      clientId: ref().references(() => clients.id, { onDelete: 'cascade' }),
      type: text().notNull(),
      payload: json<J.JsonObject>().notNull().default({}),
      dedupeKey: text(),
      orderingKey: text(),
      status: text().$type<JobStatus>().notNull().default('queued'),
      attempts: integer().notNull().default(0),
      maxAttempts: integer().notNull().default(5),
      runAt: tsDefaultNow(),
      leaseOwner: text(),
      leaseUntil: ts(),
      lastError: text(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
      finishedAt: ts(),
    },
    (t) => [
      uniqueIndex('jobs_dedupe_key_idx').on(t.dedupeKey),
      index('jobs_status_run_at_idx').on(t.status, t.runAt),
      index('jobs_ordering_key_idx').on(t.orderingKey, t.createdAt),
      index('jobs_client_idx').on(t.clientId),
      oneOf('jobs_status_check', t.status, JOB_STATUSES),
      check('jobs_attempts_check', sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
    ],
  );

  return { jobs };
};

export type JobsTables = ReturnType<typeof jobsTables>;
