// A client's voice settings, in bot_configurations under one key: transcription of incoming
// audio (on by default: the bot reads what the customer said) and voice replies (off by default:
// speech costs money and not every business wants it).
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '../../../shared/domain/safeText.js';
import type { Database } from '../../db/openDatabase.js';
import type { JsonObject } from '../../db/json-types.js';

export const VOICE_CONFIG_KEY = 'voice';

export const voiceSettingsSchema = z.object({
  transcriptionEnabled: z.boolean(),
  /** Gateway identifier of a transcription model (OpenAI or Groq Whisper). */
  transcriptionModel: safeText().trim().min(1).max(200),
  /** ISO-639-1 hint for the transcriber ("pt"); null lets it detect. */
  transcriptionLanguage: safeText().trim().regex(/^[a-z]{2}$/, 'a two-letter language code such as "pt"').nullable(),
  ttsEnabled: z.boolean(),
  /** "audio": answer with voice when the customer sent audio; "always": every bot reply. */
  ttsReplyWhen: z.enum(['audio', 'always']),
  ttsModel: safeText().trim().min(1).max(200),
  ttsVoice: safeText().trim().min(1).max(50),
  /** Also send the reply as text after the voice note (accessibility, search in the chat). */
  ttsAlsoText: z.boolean(),
  /** Longer replies are sent as text: a five-minute voice note helps nobody. */
  ttsMaxCharacters: z.number().int().min(20).max(4096),
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

export async function readVoiceSettings(db: Database, clientId: string): Promise<VoiceSettings> {
  const { botConfigurations } = db.t;
  const [row] = await db.tenant(clientId, (tx) => tx.select({ value: botConfigurations.configValue }).from(botConfigurations)
    .where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.configKey, VOICE_CONFIG_KEY))));
  const stored = voiceSettingsSchema.partial().safeParse(row?.value ?? {});
  return { ...DEFAULT_VOICE_SETTINGS, ...(stored.success ? stored.data : {}) };
}

export async function updateVoiceSettings(db: Database, clientId: string, changes: Partial<VoiceSettings>): Promise<VoiceSettings> {
  const { botConfigurations } = db.t;
  const next = voiceSettingsSchema.parse({ ...(await readVoiceSettings(db, clientId)), ...changes });
  const value = next as unknown as JsonObject;
  await db.tenant(clientId, (tx) => tx.insert(botConfigurations)
    .values({ clientId, configKey: VOICE_CONFIG_KEY, configValue: value, category: 'voice', description: 'Transcription and voice replies' })
    .onConflictDoUpdate({ target: [botConfigurations.clientId, botConfigurations.configKey], set: { configValue: value } }));
  return next;
}
