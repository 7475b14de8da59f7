// POST /conversations/:conversationId/attachments — an agent sends a file to the customer.
// The body is the file itself (raw, so the browser can report upload progress and nothing has to
// be parsed); Content-Type is the file's type; X-Filename and X-Caption (URI-encoded, optional)
// carry its name and caption. Answers 201 { messageId }, or a 4xx with { error: reason }.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '#server/app/appContext.js';
import { writeAuditLog } from '../audit/index.js';
import { AttachmentRefused } from './attachmentRefused.js';
import { sendAttachment, type SentAttachment } from './sendAttachment.js';
import { uploadCaller, type UploadCaller } from './uploadCaller.js';
import { isUuid } from '#shared/domain/isUuid.js';

export const ATTACHMENT_PATH = '/conversations/:conversationId/attachments';

function header(value: string | string[] | undefined, name: string): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw === '') return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AttachmentRefused(400, `the ${name} header must be URI-encoded text`);
  }
}

export async function registerAttachmentRoute(http: FastifyInstance, app: AppContext): Promise<void> {
  await http.register(async (scope) => {
    // Leave the body unread: sendAttachment streams it to disk after the cheap checks pass.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.post(ATTACHMENT_PATH, async (request, reply) => {
      const started = Date.now();
      const { conversationId } = request.params as { conversationId: string };
      let caller: UploadCaller | null = null;
      let sent: SentAttachment | null = null;
      let failure: AttachmentRefused | null = null;
      try {
        caller = await uploadCaller(app, request);
        if (!isUuid(conversationId)) throw new AttachmentRefused(404, 'conversation not found');
        const length = Number(request.headers['content-length']);
        sent = await sendAttachment(app, {
          clientId: caller.clientId,
          conversationId,
          sentBy: caller.session.userId,
          role: caller.role,
          declaredType: request.headers['content-type'] ?? null,
          declaredSize: request.headers['content-length'] !== undefined && Number.isFinite(length) ? length : null,
          filename: header(request.headers['x-filename'], 'X-Filename'),
          caption: header(request.headers['x-caption'], 'X-Caption'),
          body: request.raw,
        });
      } catch (error) {
        if (!(error instanceof AttachmentRefused)) throw error;
        failure = error;
      }
      if (caller) {
        await writeAuditLog(app, {
          session: caller.session,
          clientId: caller.clientId,
          action: 'conversations.sendAttachment',
          resourceType: 'conversations',
          resourceId: sent?.messageId ?? null,
          endpoint: request.url.split('?')[0],
          method: 'POST',
          changes: {
            conversationId,
            type: sent?.mimeType ?? request.headers['content-type'] ?? null,
            size: sent?.size ?? null,
            filename: sent?.filename ?? null,
          },
          status: sent ? 'success' : 'failure',
          errorMessage: failure?.message ?? null,
          durationMs: Date.now() - started,
        });
      }
      // A refused upload leaves the rest of its body unread: close the connection rather than reuse it.
      if (failure) return reply.code(failure.status).header('connection', 'close').send({ error: failure.message });
      return reply.code(201).send({ messageId: sent!.messageId, mediaType: sent!.mediaType, size: sent!.size, filename: sent!.filename });
    });
  });
}
