// GET /media/:messageId — a stored media file, for signed-in users of the message's client: either
// a short-lived signed URL (?exp=&sig=, from whatsapp.mediaLink, for <img>/<audio>/<video> tags
// that cannot send headers) or the session token as a Bearer header or the browser's session cookie. A session token in the query
// string is refused: URLs end up in logs and browser history.
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '#server/app/appContext.js';
import { sessionCredential } from '#server/features/auth/index.js';
import { resolveSession } from '#server/features/auth/index.js';
import { mediaRoot } from './storeInboundMedia.js';
import { MEDIA_SECURITY_HEADERS, servedMediaType } from './servedMediaType.js';
import { liveExpiry, mediaSignatureValid } from './signedMediaUrl.js';
import { isUuid } from '#shared/domain/isUuid.js';

type StoredMedia = { file?: string; mimeType?: string; filename?: string; size?: number };

export function registerMediaRoute(http: FastifyInstance, app: AppContext): void {
  http.get('/media/:messageId', async (request, reply) => {
    reply.headers(MEDIA_SECURITY_HEADERS);
    const { messageId } = request.params as { messageId: string };
    const query = request.query as { token?: unknown; exp?: unknown; sig?: unknown };
    if (query.token !== undefined) {
      return reply
        .code(401)
        .send({ error: 'a session token is not accepted in the URL: ask whatsapp.mediaLink for a signed link, or send it as a Bearer header' });
    }
    const { messages } = app.db.t;
    const read = (clientId: string | null) => {
      const where = clientId ? and(eq(messages.id, messageId), eq(messages.clientId, clientId)) : eq(messages.id, messageId);
      const run = (tx: Parameters<Parameters<typeof app.db.system>[0]>[0]) => tx.select().from(messages).where(where);
      return clientId ? app.db.tenant(clientId, run) : app.db.system(run);
    };

    let message;
    if (query.exp !== undefined || query.sig !== undefined) {
      // Every way a signed link can be wrong answers the same, so it tells nothing about the id.
      const refused = () => reply.code(401).send({ error: 'this media link has expired or is not valid: reload the conversation' });
      const expires = liveExpiry(query.exp);
      if (expires === null || typeof query.sig !== 'string' || !isUuid(messageId)) return refused();
      [message] = await read(null);
      if (!message || !mediaSignatureValid(app, { clientId: message.clientId, messageId }, expires, query.sig)) return refused();
    } else {
      const credential = sessionCredential(request);
      const session = credential ? await resolveSession(app.db, credential.token, app.config) : null;
      if (!session) return reply.code(401).send({ error: 'sign in first' });
      if (!isUuid(messageId)) return reply.code(404).send({ error: 'no such media' });
      // Another client's message answers exactly like a missing one: no existence leak.
      [message] = session.isPlatformAdmin ? await read(null) : session.clientId ? await read(session.clientId) : [];
    }
    const media = message?.metadata.media as StoredMedia | undefined;
    if (!message || !media?.file) return reply.code(404).send({ error: 'no such media' });
    const root = mediaRoot(app);
    const file = path.resolve(root, media.file);
    if (!file.startsWith(path.resolve(root) + path.sep) || !fs.existsSync(file)) return reply.code(404).send({ error: 'media file missing' });
    return sendFile(reply, file, media);
  });
}

function sendFile(reply: FastifyReply, file: string, media: StoredMedia) {
  const served = servedMediaType(media.mimeType);
  reply.header('content-type', served.contentType);
  reply.header('cache-control', 'private, max-age=600');
  // Headers carry Latin-1 only: an ASCII fallback plus the UTF-8 name (RFC 6266/5987), so a file
  // named with emoji or accents is served instead of failing the response.
  const name = media.filename ?? (served.disposition === 'attachment' ? 'file' : null);
  if (name !== null) {
    const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    const utf8 = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
    reply.header('content-disposition', `${served.disposition}; filename="${ascii}"; filename*=UTF-8''${utf8}`);
  }
  return reply.send(fs.createReadStream(file));
}
