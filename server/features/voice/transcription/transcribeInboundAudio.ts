// Incoming audio and voice notes become text through the gateway (OpenAI or Groq Whisper): the
// transcription goes to messages.transcription with audio_duration_seconds, and it is what the
// bot and the flows read. The WhatsApp inbox calls this after storing the media, before the
// responders. It never throws: a failure leaves the message as it was, marked in its metadata
// (`transcriptionError`) and announced live (`voice.transcription_failed`) so an agent listens.
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables } from '#server/db/tables.js';
import { publishMessage } from '#server/features/whatsapp/index.js';
import { getGateway } from '#server/features/gateway/index.js';
import { mediaRoot } from '#server/features/whatsapp/index.js';
import { readVoiceSettings } from '../voiceSettings.js';

type MessageRow = Tables['messages']['$inferSelect'];

export const TRANSCRIPTION_FAILED_EVENT = 'voice.transcription_failed';

export async function transcribeInboundAudio(app: AppContext, message: MessageRow, options: { force?: boolean } = {}): Promise<MessageRow> {
  if (message.type !== 'audio' || message.direction !== 'incoming') return message;
  if (message.transcription && !options.force) return message;
  let settings;
  try {
    settings = await readVoiceSettings(app.db, message.clientId);
  } catch (error) {
    return markFailed(app, message, `settings unreadable: ${(error as Error).message}`, null);
  }
  if (!settings.transcriptionEnabled && !options.force) return message;

  const media = (message.metadata.media ?? {}) as { file?: string; mimeType?: string; filename?: string; error?: string };
  if (!media.file) {
    return markFailed(
      app,
      message,
      media.error ? `the audio was not downloaded (${media.error})` : 'the audio file is not stored',
      settings.transcriptionModel,
    );
  }
  try {
    const file = await fs.readFile(path.join(mediaRoot(app), media.file));
    const mimeType = (media.mimeType ?? 'audio/ogg').split(';')[0]!.trim();
    const result = await getGateway(app).transcribe({
      clientId: message.clientId,
      conversationId: message.conversationId,
      phone: message.phone,
      caller: 'voice.transcription',
      model: settings.transcriptionModel,
      file,
      filename: media.filename ?? `audio${extensionFor(mimeType)}`,
      mimeType,
      ...(settings.transcriptionLanguage ? { language: settings.transcriptionLanguage } : {}),
    });
    const text = result.text.trim();
    const { messages } = app.db.t;
    const { transcriptionError: _previous, ...metadata } = message.metadata;
    const [updated] = await app.db.tenant(message.clientId, (tx) =>
      tx
        .update(messages)
        .set({
          transcription: text,
          audioDurationSeconds: Math.max(0, Math.round(result.durationSeconds)),
          metadata: { ...metadata, transcribedBy: { model: result.model, at: new Date().toISOString(), costUsd: result.costUsd } },
        })
        .where(and(eq(messages.id, message.id), eq(messages.clientId, message.clientId)))
        .returning(),
    );
    if (!updated) return message;
    publishMessage(app, updated, false);
    return updated;
  } catch (error) {
    app.log.warn({ err: error, messageId: message.id }, 'audio transcription failed');
    return markFailed(app, message, (error as Error).message, settings.transcriptionModel);
  }
}

async function markFailed(app: AppContext, message: MessageRow, reason: string, model: string | null): Promise<MessageRow> {
  const { messages } = app.db.t;
  const transcriptionError: JsonObject = { message: reason.slice(0, 500), model, at: new Date().toISOString() };
  try {
    const [updated] = await app.db.tenant(message.clientId, (tx) =>
      tx
        .update(messages)
        .set({ metadata: { ...message.metadata, transcriptionError } })
        .where(and(eq(messages.id, message.id), eq(messages.clientId, message.clientId)))
        .returning(),
    );
    const row = updated ?? message;
    publishMessage(app, row, false);
    app.events.publish(message.clientId, TRANSCRIPTION_FAILED_EVENT, {
      messageId: message.id,
      conversationId: message.conversationId,
      phone: message.phone,
      reason: transcriptionError.message,
    });
    return row;
  } catch (error) {
    app.log.error({ err: error, messageId: message.id }, 'could not mark the failed transcription');
    return message;
  }
}

function extensionFor(mimeType: string): string {
  if (mimeType.includes('ogg') || mimeType.includes('opus')) return '.ogg';
  if (mimeType.includes('mpeg') || mimeType.includes('mp3')) return '.mp3';
  if (mimeType.includes('mp4') || mimeType.includes('m4a') || mimeType.includes('aac')) return '.m4a';
  if (mimeType.includes('amr')) return '.amr';
  if (mimeType.includes('wav')) return '.wav';
  return '.ogg';
}
