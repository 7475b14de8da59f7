// A client's voice settings, in bot_configurations under one key: transcription of incoming
// audio (on by default: the bot reads what the customer said) and voice replies (off by default:
// speech costs money and not every business wants it).
import { and, eq } from 'drizzle-orm';
import { DEFAULT_VOICE_SETTINGS, voiceSettingsSchema, type VoiceSettings } from '#shared/voice/voiceSettings.js';
import type { Database } from '#server/db/openDatabase.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';

export const VOICE_CONFIG_KEY = 'voice';
export { DEFAULT_VOICE_SETTINGS, voiceSettingsSchema, type VoiceSettings };

/** In the caller's transaction when given one (the bot's reply reads them with its other settings). */
export async function readVoiceSettings(db: Database, clientId: string, tx?: Tx): Promise<VoiceSettings> {
  const { botConfigurations } = db.t;
  const read = (inner: Tx) =>
    inner
      .select({ value: botConfigurations.configValue })
      .from(botConfigurations)
      .where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.configKey, VOICE_CONFIG_KEY)));
  const [row] = tx ? await read(tx) : await db.tenant(clientId, read);
  // Field by field: a value stored before the typed form that does not fit (or a key nobody reads)
  // leaves the default in its place instead of discarding the rest.
  const stored = row?.value && typeof row.value === 'object' && !Array.isArray(row.value) ? row.value : {};
  const settings: Record<string, unknown> = { ...DEFAULT_VOICE_SETTINGS };
  for (const [name, field] of Object.entries(voiceSettingsSchema.shape)) {
    const parsed = field.safeParse(stored[name]);
    if (name in stored && parsed.success) settings[name] = parsed.data;
  }
  return settings as VoiceSettings;
}

export async function updateVoiceSettings(db: Database, clientId: string, changes: Partial<VoiceSettings>): Promise<VoiceSettings> {
  const { botConfigurations } = db.t;
  const next = voiceSettingsSchema.parse({ ...(await readVoiceSettings(db, clientId)), ...changes });
  const value = next as unknown as JsonObject;
  await db.tenant(clientId, (tx) =>
    tx
      .insert(botConfigurations)
      .values({ clientId, configKey: VOICE_CONFIG_KEY, configValue: value, category: 'voice', description: 'Transcription and voice replies' })
      .onConflictDoUpdate({ target: [botConfigurations.clientId, botConfigurations.configKey], set: { configValue: value } }),
  );
  return next;
}
