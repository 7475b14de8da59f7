// The bot's configuration as people edit it: one typed object for the server's validation and the
// settings form. Stored where the server reads it: the prompts in clients' columns, the fallback
// chain in clients.settings.fallback_chain, the rest as bot_configurations rows (BOT_CONFIG_KEYS;
// facts as "context.<name>" rows). Unknown keys are refused, so nothing is saved that nobody reads.
import { z } from 'zod';
import { safeText } from '../domain/safeText.js';

export const BOT_LIMITS = {
  prompt: 50_000,
  message: 1_000,
  model: 200,
  fallbackModels: 10,
  temperature: { min: 0, max: 2 },
  maxTokens: { min: 16, max: 4_000 },
  historyLimit: { min: 0, max: 100 },
  keywords: 30,
  keyword: 60,
  facts: 50,
  factName: 60,
  factValue: 2_000,
  debounceSeconds: { min: 0, max: 30 },
  maxRepliesPerHour: { min: 1, max: 1_000 },
  maxToolSteps: { min: 1, max: 10 },
} as const;

/** The built-in tools the AI may call (server/features/aiTools/builtinTools.ts). */
export const BUILTIN_AI_TOOLS = ['search_knowledge_base', 'handoff_to_human', 'start_flow', 'read_contact', 'update_contact', 'schedule_follow_up'] as const;
export type BuiltinAiTool = (typeof BUILTIN_AI_TOOLS)[number];
export const DEFAULT_DEBOUNCE_SECONDS = 3;
export const DEFAULT_MAX_REPLIES_PER_HOUR = 30;
export const DEFAULT_MAX_TOOL_STEPS = 4;

/** The bot_configurations key of each stored setting. */
export const BOT_CONFIG_KEYS = {
  model: 'ai.model',
  temperature: 'ai.temperature',
  maxTokens: 'ai.max_tokens',
  historyLimit: 'ai.history_limit',
  greeting: 'ai.greeting',
  failureMessage: 'ai.failure_message',
  handoffMessage: 'ai.handoff_message',
  handoffKeywords: 'ai.handoff_keywords',
  pausedMessage: 'budget.pause_message',
  debounceSeconds: 'ai.debounce_seconds',
  maxRepliesPerHour: 'ai.max_replies_per_hour',
  maxToolSteps: 'ai.max_tool_steps',
  tools: 'ai.tools',
} as const;
export type BotConfigKey = keyof typeof BOT_CONFIG_KEYS;

export const DEFAULT_HISTORY_LIMIT = 20;

const text = (max: number) => safeText().trim().max(max, `at most ${max} characters`);
/** Empty text is the same as none: the default applies. */
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .transform((value) => value || null);
const modelName = safeText().trim().min(1, 'a model name cannot be empty').max(BOT_LIMITS.model, `at most ${BOT_LIMITS.model} characters`);

export const botFactSchema = z.strictObject({
  name: safeText()
    .trim()
    .min(1, 'a fact needs a name')
    .max(BOT_LIMITS.factName, `at most ${BOT_LIMITS.factName} characters`)
    .regex(/^[\p{L}\p{N} _.-]+$/u, 'a fact name uses letters, digits, spaces, "_", "." or "-"'),
  value: safeText().trim().min(1, 'a fact needs a text').max(BOT_LIMITS.factValue, `at most ${BOT_LIMITS.factValue} characters`),
});
export type BotFact = z.infer<typeof botFactSchema>;

export const botConfigurationSchema = z.strictObject({
  /** The persona: the system prompt every reply starts from. */
  systemPrompt: optionalText(BOT_LIMITS.prompt),
  /** A second pass that rewrites the answer (tone, length); none skips it. */
  formatterPrompt: optionalText(BOT_LIMITS.prompt),
  /** Gateway identifier or model name; none uses the client's provider's or the platform's default. */
  model: modelName.nullable(),
  /** Tried in this order when the model fails (the client's fallback chain, for every call it makes). */
  fallbackModels: z
    .array(modelName)
    .max(BOT_LIMITS.fallbackModels, `at most ${BOT_LIMITS.fallbackModels} fallback models`)
    .refine((list) => new Set(list).size === list.length, 'a fallback model is listed twice'),
  temperature: z
    .number('a number such as 0.7')
    .min(BOT_LIMITS.temperature.min, `at least ${BOT_LIMITS.temperature.min}`)
    .max(BOT_LIMITS.temperature.max, `at most ${BOT_LIMITS.temperature.max}`)
    .nullable(),
  maxTokens: z
    .number('a whole number such as 500')
    .int('a whole number')
    .min(BOT_LIMITS.maxTokens.min, `at least ${BOT_LIMITS.maxTokens.min}`)
    .max(BOT_LIMITS.maxTokens.max, `at most ${BOT_LIMITS.maxTokens.max}`)
    .nullable(),
  /** How many earlier messages of the conversation the model sees. */
  historyLimit: z
    .number('a whole number such as 20')
    .int('a whole number')
    .min(BOT_LIMITS.historyLimit.min, `at least ${BOT_LIMITS.historyLimit.min}`)
    .max(BOT_LIMITS.historyLimit.max, `at most ${BOT_LIMITS.historyLimit.max}`),
  /** Sent before the first answer of a conversation. */
  greeting: optionalText(BOT_LIMITS.message),
  /** Sent when the bot cannot answer (the model failed); a person takes over. */
  failureMessage: optionalText(BOT_LIMITS.message),
  /** Sent when the customer asks for a person (handoffKeywords). */
  handoffMessage: optionalText(BOT_LIMITS.message),
  /** Words or phrases that hand the conversation to a person at once ("atendente", "falar com humano"). */
  handoffKeywords: z
    .array(safeText().trim().min(1, 'a keyword cannot be empty').max(BOT_LIMITS.keyword, `at most ${BOT_LIMITS.keyword} characters`))
    .max(BOT_LIMITS.keywords, `at most ${BOT_LIMITS.keywords} keywords`),
  /** Sent while the budget keeps the bot paused. */
  pausedMessage: optionalText(BOT_LIMITS.message),
  /** Customer messages arriving within this many seconds of each other become one AI turn (0: each is answered at once). */
  debounceSeconds: z
    .number('a number of seconds such as 3')
    .int('a whole number of seconds')
    .min(BOT_LIMITS.debounceSeconds.min, `at least ${BOT_LIMITS.debounceSeconds.min}`)
    .max(BOT_LIMITS.debounceSeconds.max, `at most ${BOT_LIMITS.debounceSeconds.max}`)
    .nullable(),
  /** The most AI replies one conversation gets in an hour; past it a person takes over. */
  maxRepliesPerHour: z
    .number('a whole number such as 30')
    .int('a whole number')
    .min(BOT_LIMITS.maxRepliesPerHour.min, `at least ${BOT_LIMITS.maxRepliesPerHour.min}`)
    .max(BOT_LIMITS.maxRepliesPerHour.max, `at most ${BOT_LIMITS.maxRepliesPerHour.max}`),
  /** How many model calls one turn may make while it uses tools. */
  maxToolSteps: z
    .number('a whole number such as 4')
    .int('a whole number')
    .min(BOT_LIMITS.maxToolSteps.min, `at least ${BOT_LIMITS.maxToolSteps.min}`)
    .max(BOT_LIMITS.maxToolSteps.max, `at most ${BOT_LIMITS.maxToolSteps.max}`),
  /** The built-in tools the AI may call (the client's HTTP tools are always offered while active). */
  tools: z.array(z.enum(BUILTIN_AI_TOOLS)).refine((list) => new Set(list).size === list.length, 'a tool is listed twice'),
  /** Facts added to the system prompt ("Horário": "seg a sex, 8h–18h"). */
  facts: z
    .array(botFactSchema)
    .max(BOT_LIMITS.facts, `at most ${BOT_LIMITS.facts} facts`)
    .refine((list) => new Set(list.map((fact) => factConfigKey(fact.name))).size === list.length, 'two facts have the same name'),
});
export type BotConfiguration = z.infer<typeof botConfigurationSchema>;
/** What the form sends: any subset of the settings (an omitted one is left as it is). */
export const botConfigurationChanges = botConfigurationSchema.partial();
export type BotConfigurationChanges = z.infer<typeof botConfigurationChanges>;

export const DEFAULT_BOT_CONFIGURATION: BotConfiguration = {
  systemPrompt: null,
  formatterPrompt: null,
  model: null,
  fallbackModels: [],
  temperature: null,
  maxTokens: null,
  historyLimit: DEFAULT_HISTORY_LIMIT,
  greeting: null,
  failureMessage: null,
  handoffMessage: null,
  handoffKeywords: [],
  pausedMessage: null,
  debounceSeconds: null,
  maxRepliesPerHour: DEFAULT_MAX_REPLIES_PER_HOUR,
  maxToolSteps: DEFAULT_MAX_TOOL_STEPS,
  tools: [],
  facts: [],
};

/** The key a fact is stored under ("context.<name>", lower case, spaces as "_"). */
export const factConfigKey = (name: string) => `context.${name.trim().toLowerCase().replace(/\s+/g, '_')}`;
