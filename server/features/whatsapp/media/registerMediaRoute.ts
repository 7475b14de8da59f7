// GET /media/:messageId — a stored inbound media file, for signed-in users of the message's client
// (session token as Bearer header, or ?token= for <img>/<audio> tags that cannot send headers).
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/appContext.js';
import { resolveSession } from '../../auth/sessions.js';
import { mediaRoot } from './storeInboundMedia.js';
import { isUuid } from '../../../../shared/domain/isUuid.js';


export function registerMediaRoute(http: FastifyInstance, app: AppContext): void {
  http.get('/media/:messageId', async (request, reply) => {
    const { messageId } = request.params as { messageId: string };
    const header = request.headers.authorization;
    const query = request.query as { token?: string };
    const token = header?.startsWith('Bearer ') ? header.slice(7) : (query.token ?? '');
    const session = token ? await resolveSession(app.db, token) : null;
    if (!session) return reply.code(401).send({ error: 'sign in first' });
    if (!isUuid(messageId)) return reply.code(404).send({ error: 'no such media' });
    const { messages } = app.db.t;
    const read = (clientId: string | null) => {
      const where = clientId ? and(eq(messages.id, messageId), eq(messages.clientId, clientId)) : eq(messages.id, messageId);
      const run = (tx: Parameters<Parameters<typeof app.db.system>[0]>[0]) => tx.select().from(messages).where(where);
      return clientId ? app.db.tenant(clientId, run) : app.db.system(run);
    };
    // Another client's message answers exactly like a missing one: no existence leak.
    const [message] = session.isPlatformAdmin ? await read(null) : session.clientId ? await read(session.clientId) : [];
    const media = message?.metadata.media as { file?: string; mimeType?: string; filename?: string; size?: number } | undefined;
    if (!message || !media?.file) return reply.code(404).send({ error: 'no such media' });
    const root = mediaRoot(app);
    const file = path.resolve(root, media.file);
    if (!file.startsWith(path.resolve(root) + path.sep) || !fs.existsSync(file)) return reply.code(404).send({ error: 'media file missing' });
    reply.header('content-type', media.mimeType ?? 'application/octet-stream');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'private, max-age=86400');
    if (media.filename) {
      // Headers carry Latin-1 only: an ASCII fallback plus the UTF-8 name (RFC 6266/5987), so a
      // file named with emoji or accents is served instead of failing the response.
      const ascii = media.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
      reply.header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(media.filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    }
    return reply.send(fs.createReadStream(file));
  });
}
