// Reads and writes the bot's configuration (shared/bot/botConfiguration.ts) where the server reads
// it: the prompts in the client row, the fallback chain in clients.settings, the rest as
// bot_configurations rows. Reading is lenient: a value stored before the typed form (by the API or
// an import) that does not fit its field is read as the default, so old data never breaks the reply
// or the form; writing is strict (the input was validated against the same schema).
import { and, eq, inArray } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import {
  BOT_CONFIG_KEYS,
  botConfigurationSchema,
  DEFAULT_BOT_CONFIGURATION,
  factConfigKey,
  type BotConfigKey,
  type BotConfiguration,
  type BotConfigurationChanges,
  type BotFact,
} from '#shared/bot/botConfiguration.js';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonValue } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';

type ConfigRow = { configKey: string; configValue: JsonValue; category: string | null; description: string | null; isActive: boolean };
const fields = botConfigurationSchema.shape;
const STORED_KEYS = Object.keys(BOT_CONFIG_KEYS) as BotConfigKey[];

/** A row the reply reads as a fact: "context.*" keys, or older rows filed under the "prompt" category. */
export const isFactRow = (row: Pick<ConfigRow, 'configKey' | 'category'>) =>
  row.configKey.startsWith('context.') || (row.category === 'prompt' && !row.configKey.startsWith('ai.'));

/** Null when the client does not exist. */
export async function readBotConfiguration(app: AppContext, tx: Tx, clientId: string): Promise<BotConfiguration | null> {
  const { clients, botConfigurations } = app.db.t;
  const [client] = await tx
    .select({ systemPrompt: clients.systemPrompt, formatterPrompt: clients.formatterPrompt, settings: clients.settings })
    .from(clients)
    .where(eq(clients.id, clientId));
  if (!client) return null;
  const rows: ConfigRow[] = await tx
    .select()
    .from(botConfigurations)
    .where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.isActive, true)));
  const stored = new Map(rows.map((row) => [row.configKey, row.configValue]));
  const config: BotConfiguration = { ...DEFAULT_BOT_CONFIGURATION };
  const assign = <K extends keyof BotConfiguration>(name: K, value: unknown) => {
    const parsed = (fields[name] as unknown as z.ZodType<BotConfiguration[K]>).safeParse(value);
    if (parsed.success) config[name] = parsed.data;
  };
  for (const name of STORED_KEYS) {
    const key = BOT_CONFIG_KEYS[name];
    if (!stored.has(key)) continue;
    assign(name, lenient(name, stored.get(key)!));
  }
  assign('systemPrompt', client.systemPrompt);
  assign('formatterPrompt', client.formatterPrompt);
  const chain = client.settings.fallback_chain;
  if (Array.isArray(chain))
    assign(
      'fallbackModels',
      chain.filter((item) => typeof item === 'string'),
    );
  config.facts = rows
    .filter(isFactRow)
    .map((row) => ({ name: row.description || row.configKey.replace(/^context\./, ''), value: textOf(row.configValue) ?? JSON.stringify(row.configValue) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return config;
}

/** Applies the changes given (an omitted setting stays; null or empty goes back to the default). */
export async function writeBotConfiguration(app: AppContext, tx: Tx, clientId: string, changes: BotConfigurationChanges): Promise<void> {
  const { clients, botConfigurations } = app.db.t;
  const [client] = await tx.select({ settings: clients.settings }).from(clients).where(eq(clients.id, clientId));
  if (!client) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });

  const column: Partial<typeof clients.$inferInsert> = {};
  if (changes.systemPrompt !== undefined) column.systemPrompt = changes.systemPrompt;
  if (changes.formatterPrompt !== undefined) column.formatterPrompt = changes.formatterPrompt;
  if (changes.fallbackModels !== undefined) {
    const settings = { ...client.settings };
    if (changes.fallbackModels.length === 0) delete settings.fallback_chain;
    else settings.fallback_chain = changes.fallbackModels;
    column.settings = settings;
  }
  // Any change to the client row also tells the gateway's cached profile to read it again.
  if (Object.keys(column).length > 0) await tx.update(clients).set(column).where(eq(clients.id, clientId));

  for (const name of STORED_KEYS) {
    const value = changes[name];
    if (value === undefined) continue;
    const key = BOT_CONFIG_KEYS[name];
    const empty = value === null || (Array.isArray(value) && value.length === 0);
    if (empty) {
      await tx.delete(botConfigurations).where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.configKey, key)));
      continue;
    }
    const row = { configValue: value as JsonValue, isActive: true };
    await tx
      .insert(botConfigurations)
      .values({ clientId, configKey: key, category: key.split('.')[0]!, description: DESCRIPTIONS[name], ...row })
      .onConflictDoUpdate({ target: [botConfigurations.clientId, botConfigurations.configKey], set: row });
  }
  if (changes.facts !== undefined) await replaceFacts(app, tx, clientId, changes.facts);
}

async function replaceFacts(app: AppContext, tx: Tx, clientId: string, facts: BotFact[]): Promise<void> {
  const { botConfigurations } = app.db.t;
  const existing = await tx
    .select({ configKey: botConfigurations.configKey, category: botConfigurations.category })
    .from(botConfigurations)
    .where(eq(botConfigurations.clientId, clientId));
  const old = existing.filter(isFactRow).map((row) => row.configKey);
  if (old.length > 0) await tx.delete(botConfigurations).where(and(eq(botConfigurations.clientId, clientId), inArray(botConfigurations.configKey, old)));
  if (facts.length === 0) return;
  await tx.insert(botConfigurations).values(
    facts.map((fact) => ({
      clientId,
      configKey: factConfigKey(fact.name),
      configValue: fact.value,
      category: 'prompt',
      description: fact.name,
      isActive: true,
    })),
  );
}

/** Values stored as text by older writers ("0.7", "500") still count as numbers; numbers out of range are brought into it. */
function lenient(name: BotConfigKey, value: JsonValue): unknown {
  if (
    name === 'temperature' ||
    name === 'maxTokens' ||
    name === 'historyLimit' ||
    name === 'debounceSeconds' ||
    name === 'maxRepliesPerHour' ||
    name === 'maxToolSteps'
  ) {
    const number = Number(value);
    if (value === null || value === '' || !Number.isFinite(number)) return undefined;
    const limits = {
      temperature: [0, 2],
      maxTokens: [16, 4_000],
      historyLimit: [0, 100],
      debounceSeconds: [0, 30],
      maxRepliesPerHour: [1, 1_000],
      maxToolSteps: [1, 10],
    }[name];
    const clamped = Math.min(limits[1]!, Math.max(limits[0]!, number));
    return name === 'temperature' ? clamped : Math.round(clamped);
  }
  if (name === 'tools') return Array.isArray(value) ? value : undefined;
  if (name === 'handoffKeywords')
    return Array.isArray(value)
      ? value
      : typeof value === 'string'
        ? value
            .split(',')
            .map((word) => word.trim())
            .filter(Boolean)
        : undefined;
  return textOf(value);
}

function textOf(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

const DESCRIPTIONS: Record<BotConfigKey, string> = {
  model: 'Model of the AI reply',
  temperature: 'Sampling temperature of the AI reply',
  maxTokens: 'Longest AI reply, in tokens',
  historyLimit: 'Earlier messages the model sees',
  greeting: 'Sent before the first answer of a conversation',
  failureMessage: 'Sent when the AI reply cannot answer',
  handoffMessage: 'Sent when the customer asks for a person',
  handoffKeywords: 'Words that hand the conversation to a person',
  pausedMessage: 'Sent while the budget keeps the bot paused',
  debounceSeconds: 'Customer messages within this many seconds become one AI turn',
  maxRepliesPerHour: 'Most AI replies per conversation and hour',
  maxToolSteps: 'Most model calls per turn while the AI uses tools',
  tools: 'Built-in tools the AI may call',
};
