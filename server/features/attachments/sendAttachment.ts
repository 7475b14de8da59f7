// An agent's attachment: checked against WhatsApp's types and limits before a byte is read, the
// conversation and its 24-hour window checked too, the body streamed into the media root (where
// inbound media lives, so GET /media/<message id> serves it to the thread), the bytes checked
// against the declared type, and the message queued through the outbox like any reply. The outbox
// uploads the file to Meta when it sends (whatsapp/outbox/uploadStoredMedia.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { checkOutboundMedia, formatBytes, OUTBOUND_MEDIA_TYPES, STATIC_STICKER_MAX_BYTES } from '#shared/whatsapp/outboundMediaRules.js';
import { mediaRoot } from '../whatsapp/index.js';
import { ConversationNotFoundError, WindowClosedError } from '../whatsapp/index.js';
import { LIMITS, OutboundContentError, validateOutbound } from '../whatsapp/index.js';
import { customerServiceWindow } from '#shared/whatsapp/customerServiceWindow.js';
import { AttachmentRefused } from './attachmentRefused.js';
import { claimForReply, NotYourConversationError, sendAsAgent } from '../conversations/index.js';
import type { UserRole } from '#shared/domain/statuses.js';
import { receiveUploadedFile } from './receiveUploadedFile.js';
import { contentMatchesType, isAnimatedWebp } from './sniffMediaType.js';

export type AttachmentInput = {
  clientId: string;
  conversationId: string;
  sentBy: string;
  /** The sender's role: agents send only in conversations that are theirs or nobody's (claimForReply). */
  role: UserRole;
  /** The Content-Type the file was sent with (or empty: then its extension decides). */
  declaredType: string | null;
  /** Content-Length, when the client said it. */
  declaredSize: number | null;
  filename: string | null;
  caption: string | null;
  body: Readable;
};

export type SentAttachment = { messageId: string; mimeType: string; mediaType: string; size: number; filename: string };

const KIND_NAMES = { image: 'an image', video: 'a video', audio: 'audio', document: 'a document', sticker: 'a sticker' } as const;

/** File names as WhatsApp shows them: no folders, no control characters, at most 240 characters. */
export function cleanFilename(name: string | null, mimeType: string): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/\p{Cc}/gu, '') // control characters (C0, DEL, C1)
    .trim();
  const fallback = `attachment.${OUTBOUND_MEDIA_TYPES[mimeType]?.extensions[0] ?? 'bin'}`;
  return [...(base || fallback)].slice(0, LIMITS.filename).join('');
}

export async function sendAttachment(app: AppContext, input: AttachmentInput): Promise<SentAttachment> {
  const check = checkOutboundMedia(input.declaredType, input.filename, input.declaredSize);
  if (!check.ok) {
    if (check.problem === 'type') {
      throw new AttachmentRefused(
        415,
        `WhatsApp does not accept files of type ${check.mimeType}: send JPEG or PNG images, MP4 or 3GP videos, AAC, AMR, MP3, M4A or OGG audio, WebP stickers, or PDF, Word, Excel, PowerPoint or text documents`,
      );
    }
    if (check.problem === 'empty') throw new AttachmentRefused(400, 'the file is empty');
    throw new AttachmentRefused(
      413,
      `the file is ${formatBytes(check.size)}; WhatsApp accepts ${KIND_NAMES[check.kind]} of at most ${formatBytes(check.maxBytes)}`,
    );
  }
  const { mimeType, kind, maxBytes } = check;
  const filename = cleanFilename(input.filename, mimeType);
  const caption = input.caption?.trim() || undefined;
  const content: OutboundContent = { kind: 'media', mediaType: kind, caption, filename: kind === 'document' ? filename : undefined };
  try {
    validateOutbound(content, { storedFile: true });
  } catch (error) {
    if (error instanceof OutboundContentError) throw new AttachmentRefused(400, error.message);
    throw error;
  }
  await conversationAcceptsReplies(app, input.clientId, input.conversationId);
  try {
    await claimForReply(app, { clientId: input.clientId, conversationId: input.conversationId, userId: input.sentBy, role: input.role });
  } catch (error) {
    throw refusalFor(error);
  }

  const directory = path.join(mediaRoot(app), input.clientId);
  const received = await receiveUploadedFile(
    input.body,
    directory,
    maxBytes,
    () => `the file is larger than ${formatBytes(maxBytes)}, the most WhatsApp accepts for ${KIND_NAMES[kind]}`,
  );
  const relative = path.join(input.clientId, `${received.sha256}.${OUTBOUND_MEDIA_TYPES[mimeType]!.extensions[0]}`);
  const target = path.join(mediaRoot(app), relative);
  let created = false;
  try {
    if (received.size === 0) throw new AttachmentRefused(400, 'the file is empty');
    if (!contentMatchesType(received.head, mimeType)) {
      throw new AttachmentRefused(415, `the file's content is not ${mimeType}, the type it was sent as: it may be damaged or renamed`);
    }
    if (kind === 'sticker' && !isAnimatedWebp(received.head) && received.size > STATIC_STICKER_MAX_BYTES) {
      throw new AttachmentRefused(
        413,
        `the sticker is ${formatBytes(received.size)}; WhatsApp accepts static stickers of at most ${formatBytes(STATIC_STICKER_MAX_BYTES)}`,
      );
    }
    // Named by content, like inbound media: the same file attached twice is stored once.
    created = !(await fs.stat(target).then(
      () => true,
      () => false,
    ));
    await fs.rename(received.temporary, target);
    const { messageId } = await sendAsAgent(app, {
      clientId: input.clientId,
      conversationId: input.conversationId,
      content,
      sentBy: input.sentBy,
      storedMedia: { file: relative, size: received.size, sha256: received.sha256, mimeType, filename },
    });
    return { messageId, mimeType, mediaType: kind, size: received.size, filename };
  } catch (error) {
    await fs.rm(received.temporary, { force: true });
    if (created) await fs.rm(target, { force: true });
    throw refusalFor(error);
  }
}

/** The same rules enqueueOutbound applies, checked before the body is read (it checks them again). */
async function conversationAcceptsReplies(app: AppContext, clientId: string, conversationId: string): Promise<void> {
  const { conversations } = app.db.t;
  const [found] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ lastInboundAt: conversations.lastInboundAt })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId))),
  );
  if (!found) throw new AttachmentRefused(404, 'conversation not found');
  if (!customerServiceWindow(found.lastInboundAt).open) {
    throw new AttachmentRefused(409, 'the 24-hour window to reply is closed: only a template can be sent until the customer writes again');
  }
}

function refusalFor(error: unknown): unknown {
  if (error instanceof ConversationNotFoundError) return new AttachmentRefused(404, error.message);
  if (error instanceof NotYourConversationError) return new AttachmentRefused(403, error.message);
  if (error instanceof WindowClosedError) return new AttachmentRefused(409, error.message);
  if (error instanceof OutboundContentError) return new AttachmentRefused(400, error.message);
  return error;
}
