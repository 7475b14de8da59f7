// Inbound media: Graph media id → short-lived URL (always asked of the configured Graph host: the
// webhook's own `url` is never used, since whoever knows a client's app secret can sign a webhook
// pointing anywhere) → download with the client's token from Meta's hosts only (size limit per
// type) → checksum verified against Meta's sha256 → owner-only file under DATA_DIR/media/<client>/.
// The message row then points at GET /media/<message id>, served to the client's users only.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables } from '#server/db/tables.js';
import { GraphApiError, MediaTooLargeError } from '../graph/graphClient.js';
import { graphClientForConversation } from '../graph/loadGraphCredentials.js';
import type { InboundMedia } from '../inbox/parseInboundMessage.js';
import { extensionFor, MEDIA_LIMITS } from './mediaLimits.js';

type MessageRow = Tables['messages']['$inferSelect'];

export class ChecksumMismatchError extends Error {
  override name = 'ChecksumMismatchError';
}

/** Meta's sha256 is base64 in its examples and hex in some captures: accept either. */
export function checksumMatches(bytes: Buffer, expected: string | null): boolean {
  if (!expected) return true;
  const digest = createHash('sha256').update(bytes).digest();
  const given = expected.trim();
  return given.toLowerCase() === digest.toString('hex') || given === digest.toString('base64') || given === digest.toString('base64url');
}

export function mediaRoot(app: AppContext): string {
  return path.join(app.config.dataDir, 'media');
}

/** Downloads and stores the media of `message`; returns the updated row. Failures are recorded on the row, not thrown. */
export async function storeInboundMedia(app: AppContext, message: MessageRow, media: InboundMedia): Promise<MessageRow> {
  let record: JsonObject;
  let mediaUrl: string | null = message.mediaUrl;
  try {
    const graph = await graphClientForConversation(app, message.clientId, message.conversationId);
    const limit = MEDIA_LIMITS[media.kind];
    const info = await graph.getMedia(media.id);
    const download = await graph.download(info.url, limit);
    const expected = media.sha256 ?? info.sha256 ?? null;
    if (!checksumMatches(download.bytes, expected)) throw new ChecksumMismatchError('downloaded media does not match the sha256 Meta sent');
    const mimeType = media.mimeType ?? info.mimeType ?? download.contentType;
    const sha256 = createHash('sha256').update(download.bytes).digest('hex');
    const relative = path.join(message.clientId, `${sha256}${extensionFor(mimeType)}`);
    const target = path.join(mediaRoot(app), relative);
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    // Write then rename: a crash never leaves a half-written file under the final name. Customers'
    // files are readable by the server's user only (mode is applied at creation, umask aside).
    const temporary = `${target}.${randomBytes(4).toString('hex')}.part`;
    await fs.writeFile(temporary, download.bytes, { mode: 0o600 });
    await fs.chmod(temporary, 0o600);
    await fs.rename(temporary, target);
    record = { id: media.id, file: relative, size: download.bytes.length, sha256, mimeType, filename: media.filename, storedAt: new Date().toISOString() };
    mediaUrl = `/media/${message.id}`;
  } catch (error) {
    const reason =
      error instanceof MediaTooLargeError || error instanceof ChecksumMismatchError
        ? error.message
        : error instanceof GraphApiError
          ? `download failed: ${error.message}`
          : `download failed: ${(error as Error).message}`;
    app.log.warn({ err: error, messageId: message.id }, 'inbound media not stored');
    record = { id: media.id, mimeType: media.mimeType, filename: media.filename, error: reason };
  }
  const { messages } = app.db.t;
  const previous = (message.metadata.media as JsonObject | undefined) ?? {};
  const [updated] = await app.db.tenant(message.clientId, (tx) =>
    tx
      .update(messages)
      .set({ mediaUrl, metadata: { ...message.metadata, media: { ...previous, ...dropNulls(record) } } })
      .where(eq(messages.id, message.id))
      .returning(),
  );
  return updated ?? message;
}

function dropNulls(value: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as JsonObject;
}
