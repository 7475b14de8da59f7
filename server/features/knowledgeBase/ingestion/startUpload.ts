// An upload: the file is read and chunked before this returns (so a bad file is a clear error at
// once), then embedded in the background as a job whose progress the desktop follows. The new
// chunks replace the source's old ones only when all are stored. Uploading a file identical to the
// stored one (same bytes, same model) finishes at once without paying for embeddings again; a
// second upload of a file that is still being ingested supersedes the first.
import { createHash } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app/appContext.js';
import { chunkDocument, DEFAULT_CHUNKING } from '../chunking/chunkDocument.js';
import { parseDocumentInWorker } from '../parsing/parseDocumentInWorker.js';
import { readMetadata, toJson, type ChunkMetadata } from '../store/chunkMetadata.js';
import { discardStaging, promoteStaging } from '../store/promoteStaging.js';
import { newStagingId, sourceIdFor } from '../store/sourceIds.js';
import { readKnowledgeSettings } from '../settings/knowledgeSettings.js';
import { embedIntoStaging } from './embedIntoStaging.js';
import { ingestionJobs, type JobView } from './ingestionJobs.js';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_CHUNKS_PER_SOURCE = 20_000;

export type UploadInput = { clientId: string; userId: string | null; fileName: string; bytes: Uint8Array; tags?: string[] };
export type UploadStarted = { job: JobView; sourceId: string; chunks: number };

export async function startUpload(app: AppContext, input: UploadInput): Promise<UploadStarted> {
  const fileName = input.fileName.trim();
  if (!fileName) throw new TRPCError({ code: 'BAD_REQUEST', message: 'the file needs a name' });
  if (input.bytes.length > MAX_UPLOAD_BYTES) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `${fileName}: the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it into smaller files` });
  }
  const jobs = ingestionJobs(app);
  refuseDuringReembed(jobs.running(input.clientId, (job) => job.kind === 'reembed').length > 0);

  // In a worker with memory and time limits: a hostile file fails its own upload, never the server.
  const { format, document } = await parseDocumentInWorker(fileName, input.bytes);
  const chunks = chunkDocument(document, DEFAULT_CHUNKING);
  if (chunks.length > MAX_CHUNKS_PER_SOURCE) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `${fileName}: ${chunks.length} chunks is more than the ${MAX_CHUNKS_PER_SOURCE} allowed for one file; split it` });
  }
  const sourceId = sourceIdFor(fileName);
  const contentHash = createHash('sha256').update(input.bytes).digest('hex');
  const settings = await readKnowledgeSettings(app.db, input.clientId);

  // A newer upload of the same file wins over one still running.
  for (const running of jobs.running(input.clientId, (job) => job.kind === 'upload' && job.sourceId === sourceId)) {
    await jobs.cancel(input.clientId, running.id, 'replaced by a newer upload of the same file');
  }

  const tags = [...new Set((input.tags ?? []).map((tag) => tag.trim()).filter(Boolean))];
  const stored = await storedVersion(app, input.clientId, sourceId);
  const unchanged = stored !== null && stored.contentHash === contentHash && stored.model === settings.embeddingModel
    && JSON.stringify(stored.tags ?? []) === JSON.stringify(tags) && stored.sourceFile === fileName;

  const uploadedAt = new Date().toISOString();
  const job = jobs.start({ clientId: input.clientId, kind: 'upload', sourceId, fileName, chunksTotal: chunks.length }, async (handle) => {
    if (unchanged) return { unchanged: true };
    const stagingId = newStagingId(sourceId, handle.id);
    try {
      const staged = chunks.map((chunk) => {
        const metadata: ChunkMetadata = {
          sourceFile: fileName, sourceFormat: format,
          title: chunk.headingPath.length ? chunk.headingPath.join(' › ') : document.title, documentTitle: document.title,
          headingPath: chunk.headingPath, position: chunk.position, chunkCount: chunks.length, pages: chunk.pages, rows: chunk.rows,
          tags, contentHash, sizeBytes: input.bytes.length, uploadedAt, uploadedBy: input.userId,
        };
        return { content: chunk.content, metadata: toJson(metadata), stagingId };
      });
      const { dimensions } = await embedIntoStaging(app, { clientId: input.clientId, model: settings.embeddingModel, dimensions: settings.embeddingDimensions, chunks: staged, handle });
      handle.throwIfCancelled();
      refuseDuringReembed(jobs.running(input.clientId, (other) => other.kind === 'reembed').length > 0);
      await promoteStaging(app.db, input.clientId, [{ stagingId, sourceId, chunks: chunks.length, dimensions }]);
    } catch (error) {
      await discardStaging(app.db, input.clientId, [stagingId]).catch((cleanup: unknown) =>
        app.log.warn({ err: cleanup, stagingId }, 'staged chunks not removed (start-up will)'));
      throw error;
    }
  });
  return { job, sourceId, chunks: chunks.length };
}

function refuseDuringReembed(reembedding: boolean): void {
  if (reembedding) {
    throw new TRPCError({ code: 'CONFLICT', message: 'the knowledge base is being re-embedded with a new model; upload again when it finishes' });
  }
}

async function storedVersion(app: AppContext, clientId: string, sourceId: string) {
  const { documents } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) => tx.select({ metadata: documents.metadata, model: documents.embeddingModel })
    .from(documents).where(and(eq(documents.clientId, clientId), eq(documents.sourceId, sourceId))).limit(1));
  if (!row) return null;
  const metadata = readMetadata(row.metadata);
  return { contentHash: metadata.contentHash, tags: metadata.tags, sourceFile: metadata.sourceFile, model: row.model };
}
