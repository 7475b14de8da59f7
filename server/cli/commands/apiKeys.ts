// uzz apikey create|list|revoke: a client's keys for /v1 (OpenAI-compatible) and /api/v1 (REST), through the
// feature's own procedures (apiKeys.*). A new key is printed once; only its hash is stored.
import { CliFailure, CliUsageError, clientOption, jsonOption, type CliCommand, str } from '../cliCommand.js';
import { withClient } from '../cliApp.js';
import { printJson, printTable } from '../output.js';
import { TRPCError } from '@trpc/server';
import { API_SCOPES, isApiScope } from '#shared/domain/apiScopes.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const create: CliCommand = {
  name: 'apikey create',
  summary: 'create an API key for /v1 (OpenAI-compatible) and the REST API /api/v1; the key is printed once',
  options: {
    client: clientOption,
    name: { type: 'string', value: '<text>', required: true, description: 'what the key is for, e.g. n8n' },
    expires: { type: 'string', value: '<date>', description: 'when the key stops working (ISO date or date-time, in the future); default never' },
    scopes: {
      type: 'string',
      value: '<list>',
      description: `what the key may do (/api/v1; ai:use for the OpenAI-compatible /v1), comma-separated: ${API_SCOPES.join(', ')}; default all`,
    },
    json: { type: 'boolean', description: 'print JSON: id, key, prefix, name, createdAt, expiresAt' },
  },
  notes: [
    'Standard output is the key alone (or the JSON with it), so a script can capture it; it is never shown again.',
    'A key acts for its client on every /v1 endpoint; on /api/v1 only within its --scopes (all when not given).',
  ],
  examples: [
    'UZZ_V1_KEY=$(npx uzz apikey create --client padaria --name n8n)',
    'npx uzz apikey create --client padaria --name reports --expires 2027-12-31 --json',
    'npx uzz apikey create --client padaria --name crm --scopes contacts:read,contacts:write',
  ],
  run: (values) => {
    const expires = str(values, 'expires');
    if (expires !== undefined && Number.isNaN(Date.parse(expires)))
      throw new CliUsageError(`apikey create: --expires "${expires}" is not a date (use 2027-12-31 or an ISO date-time)`, 'apikey create');
    const rawScopes = str(values, 'scopes');
    const scopes =
      rawScopes === undefined
        ? null
        : rawScopes
            .split(',')
            .map((scope) => scope.trim())
            .filter(Boolean);
    const unknown = scopes?.find((scope) => !isApiScope(scope));
    if (scopes && (scopes.length === 0 || unknown !== undefined))
      throw new CliUsageError(
        `apikey create: --scopes "${rawScopes}" ${unknown ? `has the unknown scope "${unknown}"` : 'is empty'} (known: ${API_SCOPES.join(', ')})`,
        'apikey create',
      );
    return withClient('apikey create', str(values, 'client')!, async ({ caller }) => {
      const created = await caller.apiKeys.create({
        name: str(values, 'name')!,
        expiresAt: expires === undefined ? null : new Date(expires),
        scopes: scopes?.filter(isApiScope) ?? null,
      });
      if (values.json) printJson(created);
      else {
        process.stdout.write(`${created.key}\n`);
        process.stderr.write(`uzz: API key "${created.name}" created (id ${created.id}); the key above is shown only this once: store it now\n`);
      }
      return 0;
    });
  },
};

const list: CliCommand = {
  name: 'apikey list',
  summary: "list a client's API keys (name, prefix, last use, expiry, revocation; never the key)",
  options: { client: clientOption, json: jsonOption },
  examples: ['npx uzz apikey list --client padaria'],
  run: (values) =>
    withClient('apikey list', str(values, 'client')!, async ({ caller }) => {
      const keys = await caller.apiKeys.list();
      if (values.json) printJson(keys);
      else
        printTable(
          keys,
          [
            ['id', 'ID'],
            ['name', 'NAME'],
            ['prefix', 'PREFIX'],
            ['createdAt', 'CREATED'],
            ['lastUsedAt', 'LAST USED'],
            ['expiresAt', 'EXPIRES'],
            ['revokedAt', 'REVOKED'],
            ['scopes', 'SCOPES'],
          ],
          'no API keys',
        );
      return 0;
    }),
};

const revoke: CliCommand = {
  name: 'apikey revoke',
  summary: 'revoke an API key: it stops working at once, on every server instance',
  options: { client: clientOption, id: { type: 'string', value: '<key-id>', required: true, description: "the key's id (from apikey list)" } },
  examples: ['npx uzz apikey revoke --client padaria --id 0b7c2f0e-3c55-4c1e-9a57-2f0c1d2e3f4a'],
  run: (values) => {
    const id = str(values, 'id')!;
    if (!UUID.test(id)) throw new CliUsageError(`apikey revoke: --id "${id}" is not a key id (a UUID, as apikey list shows)`, 'apikey revoke');
    return withClient('apikey revoke', str(values, 'client')!, async ({ caller, client }) => {
      await caller.apiKeys.revoke({ id }).catch((error: unknown) => {
        if (error instanceof TRPCError && error.code === 'NOT_FOUND') throw new CliFailure(`apikey revoke: client ${client.slug} has no API key ${id}`);
        throw error;
      });
      process.stdout.write(`revoked ${id}\n`);
      return 0;
    });
  },
};

export const apiKeyCommands = [create, list, revoke];
