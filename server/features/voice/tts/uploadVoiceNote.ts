// Uploads an audio file to the client's WhatsApp number (POST /{phone-number-id}/media) and
// returns Meta's media id, which a message then references. The WhatsApp Graph client has no
// upload yet, so this small function does it with the same credentials and error type.
import type { AppContext } from '../../../app/appContext.js';
import { GraphApiError } from '../../whatsapp/graph/graphClient.js';
import { loadGraphCredentials } from '../../whatsapp/graph/loadGraphCredentials.js';

export async function uploadVoiceNote(app: AppContext, clientId: string, audio: Buffer, fileName: string): Promise<string> {
  const credentials = await loadGraphCredentials(app, clientId);
  const { graphUrl, apiVersion } = app.config.whatsapp;
  const form = new FormData();
  form.append('messaging_product', 'whatsapp');
  form.append('type', 'audio/ogg');
  form.append('file', new Blob([new Uint8Array(audio)], { type: 'audio/ogg' }), fileName);
  let response: Response;
  try {
    response = await fetch(`${graphUrl}/${apiVersion}/${credentials.phoneNumberId}/media`, {
      method: 'POST', headers: { authorization: `Bearer ${credentials.accessToken}` }, body: form, signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new GraphApiError(`WhatsApp media upload unreachable: ${(error as Error).message}`, null, null, null, (error as Error).message);
  }
  const json = (await response.json().catch(() => ({}))) as { id?: unknown; error?: { message?: string; code?: number } };
  if (!response.ok || typeof json.id !== 'string') {
    const message = json.error?.message ?? `media upload answered HTTP ${response.status}`;
    throw new GraphApiError(message, response.status, json.error?.code ?? null, message, message);
  }
  return json.id;
}
