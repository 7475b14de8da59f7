// uzz provider set|remove|test|list: a client's own model provider connections (OpenAI, Groq,
// Anthropic, one OpenAI-compatible server such as Ollama or vLLM), through the same procedures as
// the app's "Connect a model provider" form (aiProviders.*). Keys go to the vault and are never
// printed (list shows their last four characters, as the form does).
import { TRPCError } from '@trpc/server';
import { AI_PROVIDER_KINDS, type AiProviderKind } from '#shared/domain/aiProviders.js';
import type { ProviderConnectionView } from '#server/features/aiProviders/listProviderConnections.js';
import { CliFailure, CliUsageError, clientOption, jsonOption, type CliCommand, type CliOption, type CliValues, str } from '../cliCommand.js';
import { withClient, type CliCaller } from '../cliApp.js';
import { printJson, printTable } from '../output.js';
import { providerFallback } from './providerFallback.js';

/** The CLI spells the kinds with a hyphen (`openai-compatible`); the procedures with an underscore. */
const cliKind = (kind: AiProviderKind) => kind.replace('_', '-');
const CLI_KINDS = AI_PROVIDER_KINDS.map(cliKind);

const kindOption: CliOption = { type: 'string', value: `<${CLI_KINDS.join('|')}>`, required: true, description: 'the provider' };
const keyOption: CliOption = {
  type: 'string',
  value: '<api-key>',
  secret: true,
  description: "the provider's API key (left out: the stored one; an OpenAI-compatible server may need none)",
};
const baseUrlOption: CliOption = {
  type: 'string',
  value: '<url>',
  description: 'base URL of the OpenAI-compatible server, usually ending in /v1 (only with --kind openai-compatible)',
};

/** --kind as the procedures name it, or a usage error (checked before any database is opened). */
function readKind(command: string, values: CliValues): AiProviderKind {
  const given = str(values, 'kind')!;
  const kind = AI_PROVIDER_KINDS.find((candidate) => candidate === given || cliKind(candidate) === given);
  if (!kind) throw new CliUsageError(`${command}: --kind must be one of ${CLI_KINDS.join(', ')}`, command);
  if (kind !== 'openai_compatible' && values['base-url'] !== undefined) {
    throw new CliUsageError(`${command}: --base-url is only for --kind openai-compatible; ${given} uses the server's ${given.toUpperCase()}_BASE_URL`, command);
  }
  return kind;
}

async function connection(caller: CliCaller, kind: AiProviderKind): Promise<ProviderConnectionView> {
  const { connections } = await caller.aiProviders.list();
  return connections.find((item) => item.kind === kind)!;
}

/** One line for a person: what is stored for this kind now. */
function describeConnection(view: ProviderConnectionView): string {
  return [
    view.model ? `model ${view.model}` : null,
    view.baseUrl ? `base URL ${view.baseUrl}` : null,
    view.keyHint ? `key ${view.keyHint}` : 'no key',
    view.primary ? "the bot's primary provider" : 'not primary',
  ]
    .filter(Boolean)
    .join(', ');
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const set: CliCommand = {
  name: 'provider set',
  summary: "connect a model provider for a client (key, model, base URL), as the app's AI providers form does",
  options: {
    client: clientOption,
    kind: kindOption,
    model: {
      type: 'string',
      value: '<model>',
      description: 'the model the bot asks for, e.g. gpt-4o-mini (left out: the stored one; required the first time)',
    },
    key: keyOption,
    'base-url': baseUrlOption,
    'no-primary': { type: 'boolean', description: "save without making it the bot's primary provider (by default saving makes it the one the AI reply uses)" },
  },
  notes: [
    'Saving replaces what is stored for that kind; leaving --key, --model or --base-url out keeps the stored value.',
    "OpenAI, Groq and Anthropic are called at the server's OPENAI_BASE_URL, GROQ_BASE_URL and ANTHROPIC_BASE_URL and need a key.",
    'An OpenAI-compatible server needs --base-url; one on this machine or network (Ollama at http://127.0.0.1:11434/v1)',
    'is refused unless the server runs with ALLOW_PRIVATE_NETWORK=1. "uzz provider test" lists the models to choose from.',
  ],
  examples: [
    'UZZ_PROVIDER_KEY="$OPENAI_API_KEY" npx uzz provider set --client padaria --kind openai --model gpt-4o-mini',
    'printf "%s\\n" "$ANTHROPIC_KEY" | npx uzz provider set --client padaria --kind anthropic --model claude-3-5-haiku-latest --key-stdin --no-primary',
    'ALLOW_PRIVATE_NETWORK=1 npx uzz provider set --client padaria --kind openai-compatible --base-url http://127.0.0.1:11434/v1 --model llama3.1',
  ],
  run: async (values) => {
    const kind = readKind('provider set', values);
    const apiKey = str(values, 'key');
    const baseUrl = str(values, 'base-url');
    return withClient('provider set', str(values, 'client')!, async ({ client, caller }) => {
      const stored = await connection(caller, kind);
      const model = str(values, 'model') ?? stored.model;
      if (!model) {
        throw new CliUsageError(
          `provider set: give --model (npx uzz provider test --client ${client.slug} --kind ${cliKind(kind)} lists them)`,
          'provider set',
        );
      }
      if (kind === 'openai_compatible' && !baseUrl && !stored.baseUrl) {
        throw new CliUsageError(
          "provider set: give --base-url, the OpenAI-compatible server's address (for Ollama: http://127.0.0.1:11434/v1)",
          'provider set',
        );
      }
      if (kind !== 'openai_compatible' && !apiKey && !stored.keyHint) {
        throw new CliUsageError(`provider set: give the ${cliKind(kind)} API key (UZZ_PROVIDER_KEY or --key-stdin)`, 'provider set');
      }
      await caller.aiProviders.save({ kind, model, apiKey, baseUrl, makePrimary: values['no-primary'] !== true });
      process.stdout.write(`${cliKind(kind)} for ${client.slug}: ${describeConnection(await connection(caller, kind))}\n`);
      return 0;
    });
  },
};

const remove: CliCommand = {
  name: 'provider remove',
  summary: "disconnect a client's model provider: its key leaves the vault; another connected one becomes primary",
  options: { client: clientOption, kind: kindOption },
  examples: ['npx uzz provider remove --client padaria --kind groq'],
  run: async (values) => {
    const kind = readKind('provider remove', values);
    return withClient('provider remove', str(values, 'client')!, async ({ client, caller }) => {
      const { primary } = await caller.aiProviders.remove({ kind }).catch((error: unknown) => {
        if (error instanceof TRPCError && error.code === 'NOT_FOUND')
          throw new CliFailure(`provider remove: ${client.slug} has no ${cliKind(kind)} connection`);
        throw error;
      });
      let then: string;
      if (primary) then = `the bot's primary provider is ${cliKind(primary)}`;
      else {
        const { platformProvided } = await caller.aiProviders.status();
        then = platformProvided
          ? "no provider of its own left: the platform's key answers for it"
          : 'no provider left: customers get the fallback message (uzz provider fallback), if one is set';
      }
      process.stdout.write(`${cliKind(kind)} removed from ${client.slug}; ${then}\n`);
      return 0;
    });
  },
};

const test: CliCommand = {
  name: 'provider test',
  summary: 'check a provider connection: list its models, or say in plain words why it cannot be reached',
  options: { client: clientOption, kind: kindOption, key: keyOption, 'base-url': baseUrlOption, json: jsonOption },
  notes: [
    'Without --key or --base-url it tests what is stored for the client; with them, values before saving them.',
    'Prints one model per line and exits 0, or prints the reason and exits 1 (key refused, name not found, nothing',
    'listening, private address without ALLOW_PRIVATE_NETWORK=1, timeout, not a model list).',
  ],
  examples: [
    'npx uzz provider test --client padaria --kind openai',
    'ALLOW_PRIVATE_NETWORK=1 npx uzz provider test --client padaria --kind openai-compatible --base-url http://127.0.0.1:11434/v1',
  ],
  run: async (values) => {
    const kind = readKind('provider test', values);
    return withClient('provider test', str(values, 'client')!, async ({ caller }) => {
      const result = await caller.aiProviders.testConnection({ kind, apiKey: str(values, 'key'), baseUrl: str(values, 'base-url') });
      if (values.json) {
        printJson(result);
        return result.ok ? 0 : 1;
      }
      if (!result.ok) throw new CliFailure(`provider test: ${oneLine(result.reason)}`);
      if (result.models.length === 0) process.stderr.write(`uzz: ${cliKind(kind)} answered, but lists no models\n`);
      for (const model of result.models) process.stdout.write(`${model}\n`);
      return 0;
    });
  },
};

const list: CliCommand = {
  name: 'provider list',
  summary: "show a client's model provider connections: connected, key (last 4 characters), base URL, model, primary",
  options: { client: clientOption, json: jsonOption },
  notes: ['Kinds are printed as --kind takes them (openai-compatible), in the table and in --json.'],
  examples: ['npx uzz provider list --client padaria', 'npx uzz provider list --client padaria --json'],
  run: (values) =>
    withClient('provider list', str(values, 'client')!, async ({ caller }) => {
      const { connections } = await caller.aiProviders.list();
      const rows = connections.map((view) => ({ ...view, kind: cliKind(view.kind) }));
      if (values.json) printJson(rows);
      else
        printTable(
          rows,
          [
            ['kind', 'KIND'],
            ['connected', 'CONNECTED'],
            ['keyHint', 'KEY'],
            ['baseUrl', 'BASE URL'],
            ['model', 'MODEL'],
            ['primary', 'PRIMARY'],
          ],
          'no providers',
        );
      return 0;
    }),
};

export const providerCommands = [set, remove, test, list, providerFallback];
