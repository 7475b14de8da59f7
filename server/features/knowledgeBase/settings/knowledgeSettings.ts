// A client's knowledge-base settings, kept in bot_configurations under one key (clients.settings
// is replaced whole by the settings screen, so a feature's own keys are safer here). The embedding
// model is the one every stored chunk of the client was embedded with: it changes only when a
// re-embedding finishes (see startReembed.ts), so search never compares vectors of two models.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import type { Database } from '#server/db/openDatabase.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';

export const KNOWLEDGE_CONFIG_KEY = 'knowledge_base';

export const knowledgeSettingsSchema = z.object({
  /** Whether the bot's reply and the flows' AI block consult the knowledge base. */
  enabled: z.boolean(),
  /** Gateway identifier ("openai/text-embedding-3-small") or model name of an embeddings model. */
  embeddingModel: safeText().trim().min(1).max(200),
  /** Asked of models that can shorten their vectors (OpenAI text-embedding-3-*); null = the model's own. */
  embeddingDimensions: z.number().int().min(16).max(8192).nullable(),
  topK: z.number().int().min(1).max(20),
  minScore: z.number().min(-1).max(1),
});
export type KnowledgeSettings = z.infer<typeof knowledgeSettingsSchema>;

export const DEFAULT_KNOWLEDGE_SETTINGS: KnowledgeSettings = {
  enabled: true,
  embeddingModel: 'openai/text-embedding-3-small',
  embeddingDimensions: null,
  topK: 4,
  minScore: 0.25,
};

export async function readKnowledgeSettings(db: Database, clientId: string, tx?: Tx): Promise<KnowledgeSettings> {
  const { botConfigurations } = db.t;
  const read = (inner: Tx) =>
    inner
      .select({ value: botConfigurations.configValue })
      .from(botConfigurations)
      .where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.configKey, KNOWLEDGE_CONFIG_KEY)));
  const [row] = tx ? await read(tx) : await db.tenant(clientId, read);
  const stored = knowledgeSettingsSchema.partial().safeParse(row?.value ?? {});
  return { ...DEFAULT_KNOWLEDGE_SETTINGS, ...(stored.success ? stored.data : {}) };
}

export async function writeKnowledgeSettings(db: Database, clientId: string, settings: KnowledgeSettings, tx?: Tx): Promise<void> {
  const { botConfigurations } = db.t;
  const value = knowledgeSettingsSchema.parse(settings) as unknown as JsonObject;
  const write = (inner: Tx) =>
    inner
      .insert(botConfigurations)
      .values({ clientId, configKey: KNOWLEDGE_CONFIG_KEY, configValue: value, category: 'knowledge_base', description: 'Knowledge base (RAG) settings' })
      .onConflictDoUpdate({ target: [botConfigurations.clientId, botConfigurations.configKey], set: { configValue: value } });
  if (tx) await write(tx);
  else await db.tenant(clientId, write);
}
