// An upload: the request checks what is cheap to check (size, an empty file, a format we do not
// read), then in one transaction stores the bytes and enqueues the `knowledge.ingest` job that
// reads, chunks and embeds them on whichever instance claims it (ingestUpload.ts). The desktop
// follows the job's progress; a file that turns out unreadable fails its job with the reason. A
// second upload of a file still being ingested supersedes the first (cancelled in the same
// transaction).
import { createHash, randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import { invalidDocument } from '../parsing/invalidDocument.js';
import { detectFormat } from '../parsing/parseDocument.js';
import type { DocumentFormat } from '../parsing/parsedDocument.js';
import { sourceIdFor } from '../store/sourceIds.js';
import type { JobView } from './jobView.js';
import { cancelUploads, INGEST_JOB, publishUploadJob, readUploadJob, type IngestPayload } from './uploadJobs.js';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export type UploadInput = { clientId: string; userId: string | null; fileName: string; bytes: Uint8Array; tags?: string[] };
export type UploadStarted = { job: JobView; sourceId: string };

const MEDIA_TYPES: Record<DocumentFormat, string> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  csv: 'text/csv',
};

export async function startUpload(app: AppContext, input: UploadInput): Promise<UploadStarted> {
  const fileName = input.fileName.trim();
  if (!fileName) throw new TRPCError({ code: 'BAD_REQUEST', message: 'the file needs a name' });
  if (input.bytes.length > MAX_UPLOAD_BYTES) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `${fileName}: the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it into smaller files`,
    });
  }
  if (input.bytes.length === 0) throw invalidDocument(fileName, 'the file is empty');
  const format = detectFormat(fileName, input.bytes); // refuses formats no parser reads, from the first bytes

  const sourceId = sourceIdFor(fileName);
  const uploadId = randomUUID();
  const payload: IngestPayload = {
    uploadId,
    sourceId,
    fileName,
    tags: [...new Set((input.tags ?? []).map((tag) => tag.trim()).filter(Boolean))],
    contentHash: createHash('sha256').update(input.bytes).digest('hex'),
    uploadedAt: new Date().toISOString(),
    uploadedBy: input.userId,
  };
  const { knowledgeUploads } = app.db.t;
  const { jobId, replaced } = await app.db.tenant(input.clientId, async (tx) => {
    // A newer upload of the same file wins over one still being ingested.
    const replaced = await cancelUploads(app, tx, input.clientId, { sourceId }, 'replaced by a newer upload of the same file');
    const jobId = (await app.jobs.enqueue(tx, { type: INGEST_JOB, clientId: input.clientId, payload: payload as unknown as JsonObject }))!;
    await tx.insert(knowledgeUploads).values({
      id: uploadId,
      clientId: input.clientId,
      jobId,
      sourceId,
      fileName,
      mediaType: MEDIA_TYPES[format],
      sizeBytes: input.bytes.length,
      bytes: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength),
    });
    return { jobId, replaced };
  });
  app.jobs.wake(); // committed: this instance may claim it now (others hear the enqueue's NOTIFY)
  for (const id of [...replaced, jobId]) await publishUploadJob(app, input.clientId, id);
  return { job: (await readUploadJob(app, input.clientId, jobId))!, sourceId };
}
