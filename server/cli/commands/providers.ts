// uzz provider set|list: a client's own model provider keys and models. Keys go to the vault
// through the gateway's own procedure (gateway.setClientProviders) and are never printed.
import { TRPCError } from '@trpc/server';
import { CliFailure, CliUsageError, clientOption, jsonOption, type CliCommand, str } from '../cliCommand.js';
import { withClient } from '../cliApp.js';
import { printJson, printTable } from '../output.js';

const SUPPORTED = ['openai', 'groq'] as const;
/** Kinds the issue names that this server cannot store per client yet (the provider form adds them). */
const NOT_YET = ['anthropic', 'openai-compatible'];
const KINDS = [...SUPPORTED, ...NOT_YET];

const set: CliCommand = {
  name: 'provider set',
  summary: "set a client's model provider key, model, or which provider answers first",
  options: {
    client: clientOption,
    kind: { type: 'string', value: `<${KINDS.join('|')}>`, required: true, description: 'the provider' },
    key: { type: 'string', value: '<api-key>', secret: true, description: "the provider's API key for this client (replaces the one stored)" },
    model: { type: 'string', value: '<model>', description: 'the model the bot asks this provider for, e.g. gpt-4o-mini' },
    primary: { type: 'boolean', description: 'make this provider the one the gateway tries first for this client' },
    'remove-key': { type: 'boolean', description: "delete this client's key (the platform's key, if any, is used instead)" },
    'base-url': { type: 'string', value: '<url>', description: 'base URL of an OpenAI-compatible server (only with --kind openai-compatible)' },
  },
  notes: [
    'OpenAI and Groq use the server\'s OPENAI_BASE_URL and GROQ_BASE_URL. Anthropic and OpenAI-compatible servers',
    '(Ollama, vLLM) cannot be stored per client by this server yet: the command says so and changes nothing.',
  ],
  examples: [
    'UZZ_PROVIDER_KEY="$OPENAI_API_KEY" npx uzz provider set --client padaria --kind openai --model gpt-4o-mini --primary',
    'printf "%s\\n" "$GROQ_KEY" | npx uzz provider set --client padaria --kind groq --key-stdin',
  ],
  run: async (values) => {
    const kind = str(values, 'kind')!;
    if (!KINDS.includes(kind)) throw new CliUsageError(`provider set: --kind must be one of ${KINDS.join(', ')}`, 'provider set');
    if (NOT_YET.includes(kind)) throw new CliFailure(`provider set: --kind ${kind} is not supported yet by this server (a client's own keys can be openai or groq)`);
    if (values['base-url'] !== undefined) {
      throw new CliUsageError(`provider set: --base-url is only for --kind openai-compatible; ${kind} uses the server's ${kind.toUpperCase()}_BASE_URL`, 'provider set');
    }
    const key = str(values, 'key');
    if (key !== undefined && values['remove-key']) throw new CliUsageError('provider set: give a key or --remove-key, not both', 'provider set');
    if (key === undefined && !values['remove-key'] && values.model === undefined && !values.primary) {
      throw new CliUsageError('provider set: nothing to set: give the key (UZZ_PROVIDER_KEY or --key-stdin), --model, --primary or --remove-key', 'provider set');
    }
    const which = kind as (typeof SUPPORTED)[number];
    return withClient('provider set', str(values, 'client')!, async ({ client, caller }) => {
      const apiKey = values['remove-key'] ? null : key;
      const model = str(values, 'model');
      await caller.gateway.setClientProviders({
        ...(which === 'openai' ? { openaiApiKey: apiKey, openaiModel: model } : { groqApiKey: apiKey, groqModel: model }),
        primaryModelProvider: values.primary ? which : undefined,
      });
      const done = [key !== undefined ? 'key stored' : null, values['remove-key'] ? 'key removed' : null,
        values.model !== undefined ? `model ${str(values, 'model')}` : null, values.primary ? 'primary' : null].filter(Boolean);
      process.stdout.write(`${which} for ${client.slug}: ${done.join(', ')}\n`);
      return 0;
    });
  },
};

const list: CliCommand = {
  name: 'provider list',
  summary: "show a client's model providers: whether it has its own key, the platform's key, the model, which is primary",
  options: { client: clientOption, json: jsonOption },
  examples: ['npx uzz provider list --client padaria', 'npx uzz provider list --client padaria --json'],
  run: (values) => withClient('provider list', str(values, 'client')!, async ({ caller }) => {
    const settings = await caller.clients.settings();
    const platform = await caller.gateway.config.get().catch((error: unknown) => {
      // The server seeds the gateway's configuration when it first starts; before that there is none.
      if (error instanceof TRPCError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
    const rows = [
      { kind: 'openai', clientKey: settings.hasOpenaiApiKey, platformKey: platform?.keys.openai ?? false, model: settings.openaiModel, primary: settings.primaryModelProvider === 'openai' },
      { kind: 'groq', clientKey: settings.hasGroqApiKey, platformKey: platform?.keys.groq ?? false, model: settings.groqModel, primary: settings.primaryModelProvider === 'groq' },
    ];
    if (values.json) printJson(rows);
    else printTable(rows, [['kind', 'KIND'], ['clientKey', 'CLIENT KEY'], ['platformKey', 'PLATFORM KEY'], ['model', 'MODEL'], ['primary', 'PRIMARY']], 'no providers');
    return 0;
  }),
};

export const providerCommands = [set, list];
