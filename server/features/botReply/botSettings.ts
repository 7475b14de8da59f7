// The client's AI reply settings: its prompts (clients.system_prompt, formatter_prompt) and the
// active bot_configurations rows. Keys under "ai." tune the reply; keys under "context." (or rows
// in the "prompt" category) are facts added to the system prompt ("Horário: seg a sex, 8h–18h").
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import type { JsonValue } from '../../db/json-types.js';
import type { Tx } from '../../db/tables.js';

export const DEFAULT_FAILURE_MESSAGE = 'Desculpe, não consegui responder agora. Vou transferir você para um atendente, que responderá em breve.';
export const DEFAULT_PAUSED_MESSAGE = 'Nosso assistente automático está indisponível no momento. Um atendente vai continuar o seu atendimento em breve.';

export type BotSettings = {
  systemPrompt: string;
  formatterPrompt: string | null;
  facts: Array<{ key: string; value: string }>;
  model: string | null;
  temperature: number | null;
  maxTokens: number | null;
  historyLimit: number;
  failureMessage: string;
  /** Whether the client set its own failure message (ai.failure_message): only then is it sent when no provider is connected. */
  failureMessageConfigured: boolean;
  pausedMessage: string;
};

export async function loadBotSettings(app: AppContext, tx: Tx, clientId: string): Promise<BotSettings | null> {
  const { clients, botConfigurations } = app.db.t;
  const [client] = await tx.select({ systemPrompt: clients.systemPrompt, formatterPrompt: clients.formatterPrompt }).from(clients).where(eq(clients.id, clientId));
  if (!client) return null;
  const rows = await tx.select().from(botConfigurations).where(and(eq(botConfigurations.clientId, clientId), eq(botConfigurations.isActive, true)));
  const config = new Map(rows.map((row) => [row.configKey, row.configValue]));
  const text = (key: string) => asText(config.get(key));
  const number = (key: string, min: number, max: number) => {
    const value = Number(config.get(key));
    return config.has(key) && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : null;
  };
  const facts = rows
    .filter((row) => row.configKey.startsWith('context.') || (row.category === 'prompt' && !row.configKey.startsWith('ai.')))
    .map((row) => ({ key: row.description || row.configKey.replace(/^context\./, ''), value: asText(row.configValue) ?? JSON.stringify(row.configValue) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return {
    systemPrompt: client.systemPrompt?.trim() || 'Você é um assistente de atendimento pelo WhatsApp. Responda de forma curta, educada e em português.',
    formatterPrompt: client.formatterPrompt?.trim() || null,
    facts,
    model: text('ai.model'),
    temperature: number('ai.temperature', 0, 2),
    maxTokens: number('ai.max_tokens', 16, 4_000),
    historyLimit: number('ai.history_limit', 0, 100) ?? 20,
    failureMessage: text('ai.failure_message') ?? DEFAULT_FAILURE_MESSAGE,
    failureMessageConfigured: text('ai.failure_message') !== null,
    pausedMessage: text('budget.pause_message') ?? DEFAULT_PAUSED_MESSAGE,
  };
}

function asText(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
