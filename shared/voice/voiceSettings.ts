// A client's voice settings as people edit them: transcription of incoming audio and voice
// replies. Shared by the server's validation (voice.updateSettings) and the settings form; unknown
// keys are refused.
import { z } from 'zod';
import { safeText } from '../domain/safeText.js';

export const voiceSettingsSchema = z.strictObject({
  transcriptionEnabled: z.boolean(),
  /** Gateway identifier of a transcription model (OpenAI or Groq Whisper). */
  transcriptionModel: safeText().trim().min(1, 'a model name cannot be empty').max(200, 'at most 200 characters'),
  /** ISO-639-1 hint for the transcriber ("pt"); null lets it detect. */
  transcriptionLanguage: safeText()
    .trim()
    .regex(/^[a-z]{2}$/, 'a two-letter language code such as "pt"')
    .nullable(),
  ttsEnabled: z.boolean(),
  /** "audio": answer with voice when the customer sent audio; "always": every bot reply. */
  ttsReplyWhen: z.enum(['audio', 'always']),
  ttsModel: safeText().trim().min(1, 'a model name cannot be empty').max(200, 'at most 200 characters'),
  ttsVoice: safeText().trim().min(1, 'a voice name cannot be empty').max(50, 'at most 50 characters'),
  /** Also send the reply as text after the voice note (accessibility, search in the chat). */
  ttsAlsoText: z.boolean(),
  /** Longer replies are sent as text: a five-minute voice note helps nobody. */
  ttsMaxCharacters: z.number('a whole number such as 1000').int('a whole number').min(20, 'at least 20').max(4096, 'at most 4096'),
});
export type VoiceSettings = z.infer<typeof voiceSettingsSchema>;

export const DEFAULT_VOICE_SETTINGS: VoiceSettings = {
  transcriptionEnabled: true,
  transcriptionModel: 'openai/whisper-1',
  transcriptionLanguage: null,
  ttsEnabled: false,
  ttsReplyWhen: 'audio',
  ttsModel: 'openai/tts-1',
  ttsVoice: 'alloy',
  ttsAlsoText: false,
  ttsMaxCharacters: 1000,
};
