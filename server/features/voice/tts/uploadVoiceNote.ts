// Uploads a synthesised voice note (OGG/Opus) to the client's WhatsApp number through the shared
// Graph client (POST /{phone-number-id}/media) and returns Meta's media id, which the voice
// message then references.
import type { AppContext } from '../../../app/appContext.js';
import { graphClientFor } from '../../whatsapp/graph/loadGraphCredentials.js';

export async function uploadVoiceNote(app: AppContext, clientId: string, audio: Buffer, fileName: string): Promise<string> {
  const graph = await graphClientFor(app, clientId);
  return graph.uploadMedia({ bytes: audio, mimeType: 'audio/ogg', filename: fileName });
}
