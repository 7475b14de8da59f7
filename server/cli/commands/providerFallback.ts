// uzz provider fallback: the message a customer gets when the AI reply cannot answer (no provider
// connected, or every model failed), then a person takes over. Beside the providers because that is
// where someone without one looks, as in the app (aiProviders.fallbackMessage / setFallbackMessage).
import { CliUsageError, clientOption, type CliCommand, str } from '../cliCommand.js';
import { withClient } from '../cliApp.js';
import { printJson } from '../output.js';

export const providerFallback: CliCommand = {
  name: 'provider fallback',
  summary: 'set, clear or show the message customers get when the AI reply cannot answer',
  options: {
    client: clientOption,
    message: { type: 'string', value: '<text>', description: 'the message to send (up to 1000 characters); replaces the one stored' },
    clear: { type: 'boolean', description: "remove the message: with no provider, customers' messages then simply wait for a person" },
    show: { type: 'boolean', description: 'print the message stored (nothing is printed when there is none)' },
    json: { type: 'boolean', description: 'with --show: print {"message": ...} as JSON (message null when there is none)' },
  },
  examples: [
    'npx uzz provider fallback --client padaria --message "Já já uma pessoa da equipe responde você."',
    'npx uzz provider fallback --client padaria --show',
  ],
  run: async (values) => {
    const message = str(values, 'message');
    const given = [message !== undefined, values.clear === true, values.show === true].filter(Boolean).length;
    if (given !== 1) throw new CliUsageError('provider fallback: give one of --message, --clear or --show', 'provider fallback');
    if (message !== undefined && !message.trim())
      throw new CliUsageError('provider fallback: --message is empty; use --clear to remove the message', 'provider fallback');
    if (values.json && !values.show) throw new CliUsageError('provider fallback: --json goes with --show', 'provider fallback');
    return withClient('provider fallback', str(values, 'client')!, async ({ client, caller }) => {
      if (values.show) {
        const stored = await caller.aiProviders.fallbackMessage();
        if (values.json) printJson(stored);
        else if (stored.message !== null) process.stdout.write(`${stored.message}\n`);
        else process.stderr.write(`uzz: ${client.slug} has no fallback message\n`);
        return 0;
      }
      const saved = await caller.aiProviders.setFallbackMessage({ message: message ?? null });
      process.stdout.write(saved.message === null ? `fallback message of ${client.slug} removed\n` : `fallback message of ${client.slug} saved\n`);
      return 0;
    });
  },
};
