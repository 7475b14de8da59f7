// An agent's attachment is stored on this server and goes to Meta only when the outbox sends it:
// the file is uploaded (POST /{phone-number-id}/media) and the message sent with that media id.
// Uploading at send time rather than when the agent attached it means every attempt, automatic
// retry or the agent's, has a live id (Meta keeps uploads 30 days) and the file is never lost to
// an upload that failed before anything was stored.
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables } from '#server/db/tables.js';
import { GraphApiError, type GraphClient } from '../graph/graphClient.js';
import { mediaRoot } from '../media/storeInboundMedia.js';

type MessageRow = Tables['messages']['$inferSelect'];

/** An upload Meta refused or that could not reach it: classified like a send error, reported as the upload's. */
export class MediaUploadError extends Error {
  override name = 'MediaUploadError';
  constructor(readonly graphError: GraphApiError) {
    super(`media upload failed: ${graphError.message}`);
  }
}

export class StoredMediaMissingError extends UserFacingError {
  override name = 'StoredMediaMissingError';
}

/** An automatic retry reuses an upload this recent; Meta keeps uploaded media for 30 days. */
const REUSE_UPLOAD_MS = 7 * 86_400_000;

type StoredMediaRecord = { file?: unknown; mimeType?: unknown; filename?: unknown; uploadedId?: unknown; uploadedAt?: unknown };

/** The stored file of an outbound message, if it has one (an attachment, not a link or media id). */
export function storedMediaOf(message: MessageRow): (StoredMediaRecord & { file: string }) | null {
  const media = message.metadata.media;
  if (!media || typeof media !== 'object' || Array.isArray(media) || typeof media.file !== 'string') return null;
  return media as StoredMediaRecord & { file: string };
}

/** Meta's media id for the message's stored file: a recent upload of this message, or a new one. */
export async function uploadStoredMedia(app: AppContext, graph: GraphClient, message: MessageRow): Promise<string> {
  const media = storedMediaOf(message);
  if (!media) throw new StoredMediaMissingError('the message has no attached file to send');
  const uploadedAt = typeof media.uploadedAt === 'string' ? Date.parse(media.uploadedAt) : NaN;
  if (typeof media.uploadedId === 'string' && Date.now() - uploadedAt < REUSE_UPLOAD_MS) return media.uploadedId;

  const root = path.resolve(mediaRoot(app));
  const file = path.resolve(root, media.file);
  let bytes: Buffer;
  try {
    if (!file.startsWith(root + path.sep)) throw new Error('outside the media folder');
    bytes = await fs.readFile(file);
  } catch {
    throw new StoredMediaMissingError('the attached file is no longer on the server: attach it again');
  }
  const mimeType = typeof media.mimeType === 'string' ? media.mimeType : 'application/octet-stream';
  const filename = typeof media.filename === 'string' && media.filename ? media.filename : path.basename(media.file);
  let mediaId: string;
  try {
    mediaId = await graph.uploadMedia({ bytes, mimeType, filename });
  } catch (error) {
    if (error instanceof GraphApiError) throw new MediaUploadError(error);
    throw error;
  }
  const { messages } = app.db.t;
  await app.db.tenant(message.clientId, async (tx) => {
    const [current] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.id, message.id), eq(messages.clientId, message.clientId)));
    if (!current) return;
    const previous = (current.metadata.media as JsonObject | undefined) ?? {};
    await tx
      .update(messages)
      .set({ mediaId, metadata: { ...current.metadata, media: { ...previous, uploadedId: mediaId, uploadedAt: new Date().toISOString() } } })
      .where(eq(messages.id, message.id));
  });
  return mediaId;
}
