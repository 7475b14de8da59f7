// whatsapp.mediaLink: a signed, ten-minute URL for one stored media file of the caller's client.
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { signMediaUrl } from './signedMediaUrl.js';

export async function mediaLink(app: AppContext, clientId: string, messageId: string): Promise<{ url: string; expiresAt: string }> {
  const { messages } = app.db.t;
  const [message] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ metadata: messages.metadata })
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.clientId, clientId))),
  );
  const media = message?.metadata.media as { file?: unknown } | undefined;
  if (typeof media?.file !== 'string') throw new TRPCError({ code: 'NOT_FOUND', message: 'this message has no stored media' });
  return signMediaUrl(app, { clientId, messageId });
}
