// The client's AI reply settings, as the reply uses them: the bot configuration
// (botConfigurationStore.ts, typed in shared/bot/botConfiguration.ts) with the defaults filled in.
// Facts ("context." rows) are added to the system prompt ("Horário: seg a sex, 8h–18h").
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import type { BuiltinAiTool } from '#shared/bot/botConfiguration.js';
import { readBotConfiguration } from './botConfigurationStore.js';

export const DEFAULT_FAILURE_MESSAGE = 'Desculpe, não consegui responder agora. Vou transferir você para um atendente, que responderá em breve.';
export const DEFAULT_PAUSED_MESSAGE = 'Nosso assistente automático está indisponível no momento. Um atendente vai continuar o seu atendimento em breve.';
export const DEFAULT_HANDOFF_MESSAGE = 'Certo! Vou transferir você para um atendente, que responderá em breve.';
const DEFAULT_SYSTEM_PROMPT = 'Você é um assistente de atendimento pelo WhatsApp. Responda de forma curta, educada e em português.';

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
  /** Sent before the first answer of a conversation (none: no greeting). */
  greeting: string | null;
  handoffMessage: string;
  handoffKeywords: string[];
  /** The client's burst window; null: the server's default (AI_DEBOUNCE_MS). */
  debounceSeconds: number | null;
  maxRepliesPerHour: number;
  maxToolSteps: number;
  tools: BuiltinAiTool[];
};

export async function loadBotSettings(app: AppContext, tx: Tx, clientId: string): Promise<BotSettings | null> {
  const config = await readBotConfiguration(app, tx, clientId);
  if (!config) return null;
  return {
    systemPrompt: config.systemPrompt ?? DEFAULT_SYSTEM_PROMPT,
    formatterPrompt: config.formatterPrompt,
    facts: config.facts.map((fact) => ({ key: fact.name, value: fact.value })),
    model: config.model,
    temperature: config.temperature,
    maxTokens: config.maxTokens,
    historyLimit: config.historyLimit,
    failureMessage: config.failureMessage ?? DEFAULT_FAILURE_MESSAGE,
    failureMessageConfigured: config.failureMessage !== null,
    pausedMessage: config.pausedMessage ?? DEFAULT_PAUSED_MESSAGE,
    greeting: config.greeting,
    handoffMessage: config.handoffMessage ?? DEFAULT_HANDOFF_MESSAGE,
    handoffKeywords: config.handoffKeywords,
    debounceSeconds: config.debounceSeconds,
    maxRepliesPerHour: config.maxRepliesPerHour,
    maxToolSteps: config.maxToolSteps,
    tools: config.tools,
  };
}
