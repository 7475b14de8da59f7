// A client's settings for its administrators. Secrets are reported only as set or not.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { CLIENT_SECRETS, type ClientSecretFlag } from './clientSecrets.js';

export async function getClientSettings(db: Database, clientId: string) {
  const { clients } = db.t;
  const [row] = await db.tenant(clientId, (tx) => tx.select().from(clients).where(eq(clients.id, clientId)));
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
  const flags = Object.fromEntries(CLIENT_SECRETS.map((secret) => [secret.flag, row[secret.column] !== null])) as Record<ClientSecretFlag, boolean>;
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    status: row.status,
    plan: row.plan,
    metaPhoneNumberId: row.metaPhoneNumberId,
    metaDisplayPhone: row.metaDisplayPhone,
    metaWabaId: row.metaWabaId,
    openaiModel: row.openaiModel,
    groqModel: row.groqModel,
    primaryModelProvider: row.primaryModelProvider,
    systemPrompt: row.systemPrompt,
    formatterPrompt: row.formatterPrompt,
    notificationEmail: row.notificationEmail,
    notificationWebhookUrl: row.notificationWebhookUrl,
    timezone: row.timezone,
    settings: row.settings,
    updatedAt: row.updatedAt,
    ...flags,
  };
}
