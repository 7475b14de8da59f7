import { parseArgs, type ParseArgsConfig } from 'node:util';
import pino from 'pino';
import { eq, or } from 'drizzle-orm';
import { createAppContext } from '../app/createAppContext.js';
import type { AppContext } from '../app/appContext.js';
import { loadConfig } from '../config.js';
import { createClient } from '../features/clients/createClient.js';
import { createUser } from '../features/auth/createUser.js';
import { USER_ROLES } from '../../shared/domain/statuses.js';
import { readSecrets, SecretInputError, secretOptionSpecs } from './secretOptions.js';

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

type Command = { summary: string; options: NonNullable<ParseArgsConfig['options']>; run(args: string[]): Promise<number> };

function parse(command: string, args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new CliUsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function required(command: string, values: Record<string, unknown>, names: string[]): void {
  const missing = names.filter((name) => values[name] === undefined || values[name] === '');
  if (missing.length) throw new CliUsageError(`${command}: missing ${missing.map((name) => `--${name}`).join(', ')}`);
}

async function withApp<T>(fn: (app: AppContext) => Promise<T>): Promise<T> {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const app = await createAppContext(loadConfig(), log);
  try {
    return await fn(app);
  } finally {
    await app.db.close();
  }
}

const CLIENT_SECRETS = ['access-token', 'verify-token', 'app-secret'];

function secrets(command: string, values: Record<string, unknown>, names: string[]) {
  try {
    return readSecrets(command, values, names);
  } catch (error) {
    if (error instanceof SecretInputError) throw new CliUsageError(error.message);
    throw error;
  }
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

export const COMMANDS: Record<string, Command> = {
  migrate: {
    summary: 'apply pending database migrations and print the migration level',
    options: {},
    async run(args) {
      parse('migrate', args, this.options);
      return withApp(async (app) => {
        print({ database: app.db.kind === 'pg' ? 'postgresql' : 'sqlite', ...app.db.migration });
        return 0;
      });
    },
  },
  'client create': {
    summary: 'create a client (tenant) with its WhatsApp number; tokens and secrets go to the vault',
    options: {
      name: { type: 'string' }, slug: { type: 'string' }, plan: { type: 'string' }, timezone: { type: 'string' },
      'phone-number-id': { type: 'string' }, 'display-phone': { type: 'string' }, 'waba-id': { type: 'string' },
      ...secretOptionSpecs(CLIENT_SECRETS),
    },
    async run(args) {
      const parsed = parse('client create', args, this.options);
      required('client create', parsed, ['name', 'slug']);
      const values = { ...parsed, ...secrets('client create', parsed, CLIENT_SECRETS) };
      const str = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
      return withApp(async (app) => {
        const client = await createClient(app, {
          name: str('name')!, slug: str('slug')!, plan: str('plan'), timezone: str('timezone'),
          metaPhoneNumberId: str('phone-number-id'), metaDisplayPhone: str('display-phone'), metaWabaId: str('waba-id'),
          metaAccessToken: str('access-token'), metaVerifyToken: str('verify-token'), metaAppSecret: str('app-secret'),
        });
        print(client);
        return 0;
      });
    },
  },
  'user create': {
    summary: `create a user; --client (slug or id) and --role (${USER_ROLES.join('|')}) for a member, --platform-admin for the platform`,
    options: {
      email: { type: 'string' }, client: { type: 'string' }, role: { type: 'string' },
      name: { type: 'string' }, 'platform-admin': { type: 'boolean' }, ...secretOptionSpecs(['password']),
    },
    async run(args) {
      const values = parse('user create', args, this.options);
      const { password } = secrets('user create', values, ['password']);
      required('user create', { ...values, password }, ['email', 'password']);
      if (!values.client && !values['platform-admin']) throw new CliUsageError('user create: give --client <slug|id> or --platform-admin');
      const role = (values.role as string | undefined) ?? 'agent';
      if (!(USER_ROLES as readonly string[]).includes(role)) throw new CliUsageError(`user create: --role must be one of ${USER_ROLES.join(', ')}`);
      return withApp(async (app) => {
        let clientId: string | null = null;
        if (values.client) {
          const key = values.client as string;
          const { clients } = app.db.t;
          const isUuid = /^[0-9a-f-]{36}$/i.test(key);
          const [client] = await app.db.system((tx) => tx.select({ id: clients.id }).from(clients)
            .where(isUuid ? or(eq(clients.id, key), eq(clients.slug, key)) : eq(clients.slug, key)));
          if (!client) throw new CliUsageError(`user create: no client with slug or id "${key}"`);
          clientId = client.id;
        }
        const user = await createUser(app.db, {
          email: values.email as string, password: password!, clientId, role: role as (typeof USER_ROLES)[number],
          fullName: values.name as string | undefined, isPlatformAdmin: values['platform-admin'] === true,
        });
        print({ ...user, clientId, role: clientId ? role : null, platformAdmin: values['platform-admin'] === true });
        return 0;
      });
    },
  },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => {
    const flags = Object.entries(command.options).map(([flag, spec]) => (spec.type === 'boolean' ? `[--${flag}]` : `--${flag} <value>`));
    return `  uzz ${name}${flags.length ? ` ${flags.join(' ')}` : ''}\n      ${command.summary}`;
  });
  return `UZZ.AI ChatBot admin command line\n\nUsage:\n${lines.join('\n')}\n\nConfiguration comes from the same environment variables as the server (DATABASE_URL, DATA_DIR, MASTER_KEY, ...).\n`
    + 'Secrets stay out of the command line: UZZ_PASSWORD, UZZ_ACCESS_TOKEN, UZZ_VERIFY_TOKEN, UZZ_APP_SECRET, or "-" as the value\n'
    + '(or --<option>-stdin) to read it from standard input, one line per secret.\n';
}
