import { and, inArray, like, or } from 'drizzle-orm';
import type { Database } from '../db/database.js';

/**
 * Tests: resolves once no job whose type starts with one of `typePrefixes` is queued or running
 * (retries waiting for their backoff included). Fails after `timeoutMs`.
 */
export async function jobsSettled(db: Database, typePrefixes: string[], timeoutMs = 15_000): Promise<void> {
  const { jobs } = db.t;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await db.system((tx) =>
      tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(inArray(jobs.status, ['queued', 'running']), or(...typePrefixes.map((prefix) => like(jobs.type, `${prefix}%`)))))
        .limit(1),
    );
    if (open.length === 0) return;
    if (Date.now() > deadline) throw new Error(`jobs ${typePrefixes.join(', ')} still open after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
