// uzz user create: a member of a client (with a role) or a platform administrator.
import { USER_ROLES, type UserRole } from '#shared/domain/statuses.js';
import { createUser } from '#server/features/auth/createUser.js';
import { CliUsageError, type CliCommand, str } from '../cliCommand.js';
import { findClient, withApp } from '../cliApp.js';
import { printJson } from '../output.js';

export const userCommands: CliCommand[] = [
  {
    name: 'user create',
    summary: 'create a user: a member of a client (--client, --role) or a platform administrator (--platform-admin)',
    options: {
      email: { type: 'string', value: '<email>', required: true, description: 'the sign-in e-mail (stored in lower case)' },
      client: { type: 'string', value: '<slug|id>', description: 'the client the user belongs to' },
      role: { type: 'string', value: `<${USER_ROLES.join('|')}>`, description: "the user's role in the client (default agent)" },
      name: { type: 'string', value: '<text>', description: "the user's full name" },
      'platform-admin': { type: 'boolean', description: 'make a platform administrator (manages every client)' },
      password: { type: 'string', value: '<password>', required: true, secret: true, description: 'the password (8+ characters)' },
    },
    notes: ['Give --client or --platform-admin (or both). Prints the new user as JSON.'],
    examples: [
      'npx uzz user create --email dona@padaria.com --password - --client padaria --role owner   # password on stdin',
      "UZZ_PASSWORD='another long one' npx uzz user create --email you@example.com --platform-admin",
    ],
    run: async (values) => {
      const platformAdmin = values['platform-admin'] === true;
      if (!values.client && !platformAdmin) throw new CliUsageError('user create: give --client <slug|id> or --platform-admin', 'user create');
      const role = str(values, 'role') ?? 'agent';
      if (!(USER_ROLES as readonly string[]).includes(role))
        throw new CliUsageError(`user create: --role must be one of ${USER_ROLES.join(', ')}`, 'user create');
      return withApp(async (app) => {
        const clientId = values.client ? (await findClient(app, 'user create', str(values, 'client')!)).id : null;
        const user = await createUser(app.db, {
          email: str(values, 'email')!,
          password: str(values, 'password')!,
          clientId,
          role: role as UserRole,
          fullName: str(values, 'name'),
          isPlatformAdmin: platformAdmin,
        });
        printJson({ ...user, clientId, role: clientId ? role : null, platformAdmin });
        return 0;
      });
    },
  },
];
