// The end of an ingestion: in one transaction the source's old chunks go and the staged ones take
// their place. Readers see either the old file or the new one, never a mix or nothing.
import { and, count, eq, inArray, like, lt } from 'drizzle-orm';
import type { Database } from '../../../db/openDatabase.js';
import type { Tx } from '../../../db/tables.js';
import { isStagingId } from './sourceIds.js';

export type StagedSource = { stagingId: string; sourceId: string; chunks: number; dimensions: number };

export class StagingLostError extends Error {
  override name = 'StagingLostError';
}

export async function promoteStaging(db: Database, clientId: string, moves: StagedSource[], extra?: (tx: Tx) => Promise<void>): Promise<void> {
  const { documents } = db.t;
  await db.tenant(clientId, async (tx) => {
    for (const { stagingId, sourceId, chunks, dimensions } of moves) {
      if (!isStagingId(stagingId) || isStagingId(sourceId)) throw new Error('promoteStaging needs a staging id and a source id');
      // If the staged rows are not all there (removed by a clean-up), keeping the old chunks is
      // better than replacing a file with part of another.
      const [staged] = await tx.select({ n: count() }).from(documents)
        .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, stagingId)));
      if (Number(staged?.n ?? 0) !== chunks) throw new StagingLostError(`expected ${chunks} staged chunks for ${sourceId}, found ${staged?.n ?? 0}`);
      await tx.delete(documents).where(and(eq(documents.clientId, clientId), eq(documents.sourceId, sourceId)));
      await tx.update(documents).set({ sourceId, embeddingDimensions: dimensions }).where(and(eq(documents.clientId, clientId), eq(documents.sourceId, stagingId)));
    }
    await extra?.(tx);
  });
}

/** Removes the staged chunks of a cancelled or failed job. */
export async function discardStaging(db: Database, clientId: string, stagingIds: string[]): Promise<void> {
  if (stagingIds.length === 0) return;
  const { documents } = db.t;
  await db.tenant(clientId, (tx) => tx.delete(documents)
    .where(and(eq(documents.clientId, clientId), inArray(documents.sourceId, stagingIds))));
}

/** Staged chunks left by a crash, for every client (at start-up; other instances' recent jobs are spared). */
export async function discardOrphanedStaging(db: Database, olderThan: Date): Promise<number> {
  const { documents } = db.t;
  const removed = await db.system((tx) => tx.delete(documents)
    .where(and(like(documents.sourceId, 'staging:%'), lt(documents.createdAt, olderThan)))
    .returning({ id: documents.id }));
  return removed.length;
}
