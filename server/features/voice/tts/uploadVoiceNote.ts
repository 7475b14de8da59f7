// Uploads a synthesised voice note (OGG/Opus) to the client's WhatsApp number through the shared
// Graph client (POST /{phone-number-id}/media) and returns Meta's media id, which the voice
// message then references.
import type { AppContext } from '#server/app/appContext.js';
import { graphClientFor, graphClientForConversation } from '#server/features/whatsapp/index.js';

/** `conversationId`: the upload goes to the number that conversation is on (the sandbox's or Meta's). */
export async function uploadVoiceNote(app: AppContext, clientId: string, audio: Buffer, fileName: string, conversationId?: string): Promise<string> {
  const graph = conversationId ? await graphClientForConversation(app, clientId, conversationId) : await graphClientFor(app, clientId);
  return graph.uploadMedia({ bytes: audio, mimeType: 'audio/ogg', filename: fileName });
}
