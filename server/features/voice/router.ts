// voice.*: transcription and voice-reply settings, a preview of a voice (through the same cache),
// and retrying a failed transcription from the chat.
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { gatewayFailure } from '../gateway/index.js';
import { transcribeInboundAudio } from './transcription/transcribeInboundAudio.js';
import { synthesizeSpeech } from './tts/synthesizeSpeech.js';
import { readVoiceSettings, updateVoiceSettings, voiceSettingsSchema } from './voiceSettings.js';

export const voiceRouter = router({
  settings: tenantProcedure
    .input(z.object({ clientId: z.string().uuid().optional() }).optional())
    .query(({ ctx }) => readVoiceSettings(ctx.app.db, ctx.clientId)),

  updateSettings: withRole('admin')
    .input(voiceSettingsSchema.partial().extend({ clientId: z.string().uuid('not a valid client id').optional() }))
    .mutation(({ ctx, input: { clientId: _clientId, ...changes } }) => updateVoiceSettings(ctx.app.db, ctx.clientId, changes)),

  /** Speaks a text with the client's (or the given) voice; identical previews come from the cache. */
  preview: withRole('agent')
    .input(z.object({ text: safeText().trim().min(1, 'type something to hear').max(1000), voice: safeText().trim().min(1).max(50).optional() }))
    .mutation(async ({ ctx, input }) => {
      const settings = await readVoiceSettings(ctx.app.db, ctx.clientId);
      try {
        const speech = await synthesizeSpeech(ctx.app, {
          clientId: ctx.clientId,
          text: input.text,
          voice: input.voice ?? settings.ttsVoice,
          model: settings.ttsModel,
        });
        return {
          audioBase64: speech.audio.toString('base64'),
          mimeType: speech.mimeType,
          fromCache: speech.fromCache,
          durationSeconds: speech.durationSeconds,
          costUsd: speech.costUsd,
        };
      } catch (error) {
        throw gatewayFailure(error, 'the speech could not be generated');
      }
    }),

  retryTranscription: withRole('agent')
    .input(z.object({ messageId: z.string().uuid('not a message id') }))
    .mutation(async ({ ctx, input }) => {
      const { messages } = ctx.app.db.t;
      const [message] = await ctx.app.db.tenant(ctx.clientId, (tx) =>
        tx
          .select()
          .from(messages)
          .where(and(eq(messages.id, input.messageId), eq(messages.clientId, ctx.clientId))),
      );
      if (!message) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such message' });
      if (message.type !== 'audio' || message.direction !== 'incoming')
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'only incoming audio messages are transcribed' });
      const updated = await transcribeInboundAudio(ctx.app, message, { force: true });
      const error = updated.metadata.transcriptionError as { message?: string } | undefined;
      return {
        transcription: updated.transcription,
        audioDurationSeconds: updated.audioDurationSeconds,
        error: updated.transcription && !error ? null : (error?.message ?? null),
      };
    }),
});
