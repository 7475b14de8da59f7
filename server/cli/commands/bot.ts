// uzz bot show|set: the bot's configuration: its prompts, the model provider and models it uses,
// and how its replies consult the knowledge base. Validated by the server's own schemas
// (clientSettingsInput, knowledgeSettingsSchema) and saved through the features' procedures.
import fs from 'node:fs';
import { z } from 'zod';
import { clientSettingsInput } from '#server/features/clients/updateClientSettings.js';
import { knowledgeSettingsSchema } from '#server/features/knowledgeBase/settings/knowledgeSettings.js';
import { CliUsageError, clientOption, jsonOption, type CliCommand, type CliValues, str } from '../cliCommand.js';
import { withClient, type CliCaller } from '../cliApp.js';
import { printFields, printJson } from '../output.js';
import { readJsonFile } from '../readJsonFile.js';

const CLIENT_KEYS = { systemPrompt: true, formatterPrompt: true, primaryModelProvider: true, openaiModel: true, groqModel: true } as const;
/** The embedding model is left out: changing it re-embeds every document, a job for the app's knowledge screen. */
const KNOWLEDGE_KEYS = { enabled: true, topK: true, minScore: true } as const;

/** The file `bot set --file` reads and `bot show --json` prints: every key optional, no others. */
export const botConfigSchema = clientSettingsInput
  .pick(CLIENT_KEYS)
  .extend({
    knowledgeBase: knowledgeSettingsSchema.pick(KNOWLEDGE_KEYS).partial().strict().optional(),
  })
  .strict();
type BotConfig = z.infer<typeof botConfigSchema>;

async function readBotConfig(caller: CliCaller) {
  const settings = await caller.clients.settings();
  const knowledge = await caller.knowledgeBase.settings();
  return {
    systemPrompt: settings.systemPrompt,
    formatterPrompt: settings.formatterPrompt,
    primaryModelProvider: settings.primaryModelProvider,
    openaiModel: settings.openaiModel,
    groqModel: settings.groqModel,
    knowledgeBase: { enabled: knowledge.enabled, topK: knowledge.topK, minScore: knowledge.minScore },
  };
}

const show: CliCommand = {
  name: 'bot show',
  summary: "show the bot's configuration: prompts, model provider and models, knowledge base use",
  options: { client: clientOption, json: jsonOption },
  notes: ['The --json output is a file "uzz bot set --file" accepts.'],
  examples: ['npx uzz bot show --client padaria', 'npx uzz bot show --client padaria --json > bot.json'],
  run: (values) =>
    withClient('bot show', str(values, 'client')!, async ({ caller }) => {
      const config = await readBotConfig(caller);
      if (values.json) printJson(config);
      else {
        printFields([
          ['system prompt', config.systemPrompt],
          ['formatter prompt', config.formatterPrompt],
          ['primary provider', config.primaryModelProvider],
          ['openai model', config.openaiModel],
          ['groq model', config.groqModel],
          ['knowledge base', config.knowledgeBase.enabled ? 'on' : 'off'],
          ['knowledge top k', config.knowledgeBase.topK],
          ['knowledge min score', config.knowledgeBase.minScore],
        ]);
      }
      return 0;
    }),
};

/** The file's keys, then the flags over them. */
function configFrom(values: CliValues): BotConfig {
  const raw: Record<string, unknown> = {};
  const file = str(values, 'file');
  if (file !== undefined) {
    const parsed = readJsonFile('bot set', file);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new CliUsageError(`bot set: ${file} must hold a JSON object (see uzz bot show --json)`);
    Object.assign(raw, parsed);
  }
  const promptFile = str(values, 'system-prompt-file');
  if (promptFile !== undefined && values['system-prompt'] !== undefined)
    throw new CliUsageError('bot set: give --system-prompt or --system-prompt-file, not both', 'bot set');
  if (promptFile !== undefined) {
    try {
      raw.systemPrompt = fs.readFileSync(promptFile, 'utf8');
    } catch (error) {
      throw new CliUsageError(
        `bot set: cannot read ${promptFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
  }
  if (values['system-prompt'] !== undefined) raw.systemPrompt = str(values, 'system-prompt');
  if (values['formatter-prompt'] !== undefined) raw.formatterPrompt = str(values, 'formatter-prompt');
  const knowledge = str(values, 'knowledge-base');
  if (knowledge !== undefined) {
    if (knowledge !== 'on' && knowledge !== 'off') throw new CliUsageError('bot set: --knowledge-base is on or off', 'bot set');
    raw.knowledgeBase = { ...(raw.knowledgeBase as object | undefined), enabled: knowledge === 'on' };
  }
  if (Object.keys(raw).length === 0) throw new CliUsageError('bot set: nothing to set: give --file or a setting flag', 'bot set');
  const parsed = botConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const where = file !== undefined ? ` in ${file}` : '';
    throw new CliUsageError(
      `bot set: invalid configuration${where}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

const set: CliCommand = {
  name: 'bot set',
  summary: "change the bot's configuration from a JSON file and/or flags (only the keys given change)",
  options: {
    client: clientOption,
    file: { type: 'string', value: '<config.json>', description: 'JSON with any of the keys bot show --json prints ("-" reads standard input)' },
    'system-prompt': { type: 'string', value: '<text>', description: 'how the AI reply behaves: who it is, tone, what it may answer' },
    'system-prompt-file': { type: 'string', value: '<path>', description: 'the system prompt from a text file' },
    'formatter-prompt': { type: 'string', value: '<text>', description: 'instructions to rewrite the reply for WhatsApp (optional second pass)' },
    'knowledge-base': { type: 'string', value: '<on|off>', description: 'whether replies consult the knowledge base' },
  },
  notes: [
    'File keys: systemPrompt, formatterPrompt, primaryModelProvider (openai|groq|gateway), openaiModel, groqModel,',
    'knowledgeBase { enabled, topK (1-20), minScore (-1..1) }; null clears a text. Unknown keys are refused; flags win over the file.',
  ],
  examples: ['npx uzz bot set --client padaria --file bot.json', 'npx uzz bot set --client padaria --system-prompt-file prompt.txt --knowledge-base on'],
  run: (values) => {
    const config = configFrom(values);
    return withClient('bot set', str(values, 'client')!, async ({ client, caller }) => {
      const { knowledgeBase, ...clientKeys } = config;
      if (Object.keys(clientKeys).length) await caller.clients.updateSettings(clientKeys);
      if (knowledgeBase && Object.keys(knowledgeBase).length) await caller.knowledgeBase.updateSettings(knowledgeBase);
      const changed = [...Object.keys(clientKeys), ...Object.keys(knowledgeBase ?? {}).map((key) => `knowledgeBase.${key}`)];
      process.stdout.write(`bot of ${client.slug}: ${changed.join(', ')} saved\n`);
      return 0;
    });
  },
};

export const botCommands = [show, set];
