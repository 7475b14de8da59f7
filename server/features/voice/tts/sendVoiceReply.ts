// A bot reply as a WhatsApp voice note: synthesised (or taken from the cache), uploaded to Meta,
// and queued through the outbox as audio with `voice: true` (OGG/Opus, shown as a voice message).
// Returns null when the client's settings say this reply goes as text; then the caller sends text.
// Any failure on the voice path also returns null (with the reason logged): the customer gets the
// text instead of nothing.
import type { AppContext } from '#server/app/appContext.js';
import type { MessageType } from '#shared/domain/statuses.js';
import { enqueueOutbound } from '#server/features/whatsapp/index.js';
import { readVoiceSettings, type VoiceSettings } from '../voiceSettings.js';
import { synthesizeSpeech } from './synthesizeSpeech.js';
import { uploadVoiceNote } from './uploadVoiceNote.js';
import { and, eq } from 'drizzle-orm';

export type VoiceReplyInput = {
  clientId: string;
  conversationId: string;
  text: string;
  /** The type of the customer's message being answered ("audio" when they spoke). */
  answering: MessageType | null;
  /** The client's voice settings when the caller already read them (else read here). */
  settings?: VoiceSettings;
};

/** Whether the client's settings make this reply a voice note (sendVoiceReply returns null otherwise). */
export function wantsVoiceReply(settings: VoiceSettings, text: string, answering: MessageType | null): boolean {
  const trimmed = text.trim();
  if (!settings.ttsEnabled || !trimmed || [...trimmed].length > settings.ttsMaxCharacters) return false;
  return settings.ttsReplyWhen !== 'audio' || answering === 'audio';
}

export type VoiceReply = { messageId: string; fromCache: boolean; durationSeconds: number; textMessageId: string | null };

export async function sendVoiceReply(app: AppContext, input: VoiceReplyInput): Promise<VoiceReply | null> {
  const settings = input.settings ?? (await readVoiceSettings(app.db, input.clientId));
  if (!wantsVoiceReply(settings, input.text, input.answering)) return null;
  const text = input.text.trim();
  let speech;
  let mediaId: string;
  try {
    speech = await synthesizeSpeech(app, {
      clientId: input.clientId,
      conversationId: input.conversationId,
      text,
      voice: settings.ttsVoice,
      model: settings.ttsModel,
    });
    mediaId = await uploadVoiceNote(app, input.clientId, speech.audio, `${speech.textHash.slice(0, 16)}.ogg`, input.conversationId);
  } catch (error) {
    app.log.warn({ err: error, clientId: input.clientId, conversationId: input.conversationId }, 'voice reply failed; sending text instead');
    return null;
  }
  const { messageId } = await enqueueOutbound(app, {
    clientId: input.clientId,
    conversationId: input.conversationId,
    content: { kind: 'media', mediaType: 'audio', mediaId, voice: true },
    spoken: { text, durationSeconds: speech.durationSeconds },
  });
  // The voice note is queued: from here on a failure is logged, never thrown, since the caller
  // would answer again (a second voice note) when the event is retried.
  const { ttsUsageLogs } = app.db.t;
  await app.db
    .tenant(input.clientId, (tx) =>
      tx
        .update(ttsUsageLogs)
        .set({ messageId })
        .where(and(eq(ttsUsageLogs.id, speech.usageLogId), eq(ttsUsageLogs.clientId, input.clientId))),
    )
    .catch((error: unknown) => app.log.warn({ err: error, clientId: input.clientId, messageId }, 'could not record what the voice reply says'));
  let textMessageId: string | null = null;
  if (settings.ttsAlsoText) {
    textMessageId = await enqueueOutbound(app, { clientId: input.clientId, conversationId: input.conversationId, content: { kind: 'text', text } }).then(
      (queued) => queued.messageId,
      (error: unknown) => {
        app.log.warn({ err: error, clientId: input.clientId }, 'the text beside a voice reply could not be queued');
        return null;
      },
    );
  }
  return { messageId, fromCache: speech.fromCache, durationSeconds: speech.durationSeconds, textMessageId };
}
