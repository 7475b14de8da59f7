// uzz client create: a client (tenant) with its WhatsApp number; Meta's tokens go to the vault.
import { type CliCommand, str } from '../cliCommand.js';
import { withApp } from '../cliApp.js';
import { createClient } from '#server/features/clients/createClient.js';
import { printJson } from '../output.js';

export const clientCommands: CliCommand[] = [
  {
    name: 'client create',
    summary: 'create a client (tenant) with its WhatsApp number; tokens and secrets go to the vault',
    options: {
      name: { type: 'string', value: '<text>', required: true, description: 'the business name people see' },
      slug: {
        type: 'string',
        value: '<slug>',
        required: true,
        description: 'short unique name for --client and URLs: 2-63 lowercase letters, digits or dashes',
      },
      plan: { type: 'string', value: '<plan>', description: 'budget plan (default free)' },
      timezone: { type: 'string', value: '<iana>', description: 'IANA time zone for budgets and reports (default America/Sao_Paulo)' },
      'phone-number-id': { type: 'string', value: '<digits>', description: "the WhatsApp phone number id from Meta's developer console" },
      'display-phone': { type: 'string', value: '<phone>', description: 'the number as people dial it, e.g. "+55 11 98888-7777"' },
      'waba-id': { type: 'string', value: '<digits>', description: 'the WhatsApp Business Account id' },
      'access-token': { type: 'string', value: '<token>', secret: true, description: "Meta's permanent (system user) access token" },
      'verify-token': { type: 'string', value: '<token>', secret: true, description: "the webhook verify token you type in Meta's console (8+ characters)" },
      'app-secret': { type: 'string', value: '<secret>', secret: true, description: "the Meta app's secret, to check webhook signatures" },
    },
    notes: ['Prints the new client as JSON ({ "id", "slug" }).'],
    examples: [
      'UZZ_ACCESS_TOKEN="$TOKEN" UZZ_VERIFY_TOKEN="$VERIFY" UZZ_APP_SECRET="$SECRET" npx uzz client create --name "Padaria Pão Quente" --slug padaria --phone-number-id 106540352242922',
    ],
    run: (values) =>
      withApp(async (app) => {
        const client = await createClient(app, {
          name: str(values, 'name')!,
          slug: str(values, 'slug')!,
          plan: str(values, 'plan'),
          timezone: str(values, 'timezone'),
          metaPhoneNumberId: str(values, 'phone-number-id'),
          metaDisplayPhone: str(values, 'display-phone'),
          metaWabaId: str(values, 'waba-id'),
          metaAccessToken: str(values, 'access-token'),
          metaVerifyToken: str(values, 'verify-token'),
          metaAppSecret: str(values, 'app-secret'),
        });
        printJson(client);
        return 0;
      }),
  },
];
