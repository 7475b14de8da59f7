// The end of an ingestion: in one transaction the source's old chunks go and the staged ones take
// their place. Readers see either the old file or the new one, never a mix or nothing.
import { and, count, eq, inArray, like, lt, sql } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { isStagingId, STAGING_PREFIX } from './sourceIds.js';

export type StagedSource = { stagingId: string; sourceId: string; chunks: number; dimensions: number };

export class StagingLostError extends Error {
  override name = 'StagingLostError';
}

/** Inside the caller's transaction, which checks first that the staged chunks may replace the source. */
export async function promoteStagingInTx(db: Database, tx: Tx, clientId: string, moves: StagedSource[]): Promise<void> {
  const { documents } = db.t;
  for (const { stagingId, sourceId, chunks, dimensions } of moves) {
    if (!isStagingId(stagingId) || isStagingId(sourceId)) throw new Error('promoteStaging needs a staging id and a source id');
    // If the staged rows are not all there (removed by a clean-up), keeping the old chunks is
    // better than replacing a file with part of another.
    const [staged] = await tx
      .select({ n: count() })
      .from(documents)
      .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, stagingId)));
    if (Number(staged?.n ?? 0) !== chunks) throw new StagingLostError(`expected ${chunks} staged chunks for ${sourceId}, found ${staged?.n ?? 0}`);
    await tx.delete(documents).where(and(eq(documents.clientId, clientId), eq(documents.sourceId, sourceId)));
    await tx
      .update(documents)
      .set({ sourceId, embeddingDimensions: dimensions })
      .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, stagingId)));
  }
}

/** Removes the staged chunks of a cancelled or failed job. */
export async function discardStaging(db: Database, clientId: string, stagingIds: string[]): Promise<void> {
  if (stagingIds.length === 0) return;
  const { documents } = db.t;
  await db.tenant(clientId, (tx) => tx.delete(documents).where(and(eq(documents.clientId, clientId), inArray(documents.sourceId, stagingIds))));
}

/**
 * Staged chunks left by a crash, for every client (at start-up): those of the jobs in `keepJobIds`
 * (open durable jobs, which resume from them; a staging id starts with its job's id) and other
 * instances' recent ones are spared.
 */
export async function discardOrphanedStaging(db: Database, olderThan: Date, keepJobIds: string[] = []): Promise<number> {
  const { documents } = db.t;
  // 'staging:' then the job's uuid (36 characters): substr is the same function on both databases.
  const jobOf = sql`substr(${documents.sourceId}, ${STAGING_PREFIX.length + 1}, 36)`;
  const removed = await db.system((tx) =>
    tx
      .delete(documents)
      .where(
        and(
          like(documents.sourceId, `${STAGING_PREFIX}%`),
          lt(documents.createdAt, olderThan),
          keepJobIds.length > 0
            ? sql`${jobOf} not in (${sql.join(
                keepJobIds.map((id) => sql`${id}`),
                sql`, `,
              )})`
            : undefined,
        ),
      )
      .returning({ id: documents.id }),
  );
  return removed.length;
}
