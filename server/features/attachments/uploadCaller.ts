// Who is uploading: the session token as Bearer or the browser's session cookie (as for GET
// /media/:messageId; the cookie's CSRF check runs before, in refuseCrossSiteRequests), the tenant from the
// session (a platform administrator names the client with ?clientId=), and at least the agent role.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '#server/app/appContext.js';
import { sessionCredential } from '../auth/index.js';
import { resolveSession, type Session } from '../auth/index.js';
import type { UserRole } from '#shared/domain/statuses.js';
import { AttachmentRefused } from './attachmentRefused.js';
import { isUuid } from '#shared/domain/isUuid.js';
import { roleAtLeast } from '#shared/domain/roles.js';

export type UploadCaller = { session: Session; clientId: string; role: UserRole };

export async function uploadCaller(app: AppContext, request: FastifyRequest): Promise<UploadCaller> {
  const credential = sessionCredential(request);
  const session = credential ? await resolveSession(app.db, credential.token, app.config) : null;
  if (!session) throw new AttachmentRefused(401, 'sign in first');
  const requested = (request.query as { clientId?: string }).clientId;
  if (session.isPlatformAdmin && requested) {
    if (!isUuid(requested)) throw new AttachmentRefused(400, 'clientId must be a uuid');
    return { session, clientId: requested, role: 'owner' };
  }
  if (requested && requested !== session.clientId) throw new AttachmentRefused(403, 'this client belongs to another organisation');
  if (!session.clientId || !session.role) throw new AttachmentRefused(403, 'your account is not a member of any client');
  if (!roleAtLeast(session.role, 'agent')) {
    throw new AttachmentRefused(403, `this needs the agent role or higher (you are ${session.role})`);
  }
  return { session, clientId: session.clientId, role: session.role };
}
