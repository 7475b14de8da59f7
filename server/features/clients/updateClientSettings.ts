// Updates a client's non-secret settings (only the fields given; null clears an optional one).
// The bot's configuration (prompts too, and the fallback chain kept in clients.settings) has its
// own typed form and procedure (bot.updateSettings): there is no free-form JSON here, and unknown
// keys are refused.
import { TRPCError } from '@trpc/server';
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import type { Database } from '#server/db/openDatabase.js';
import { isTimeZone } from './createClient.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';

const optionalText = (max: number) => safeText().trim().max(max).nullable().optional();

export const clientSettingsInput = z.strictObject({
  name: safeText().trim().min(1, 'the client needs a name').max(200).optional(),
  metaPhoneNumberId: safeText()
    .trim()
    .regex(/^\d{5,30}$/, 'the WhatsApp phone number id is the numeric id Meta shows')
    .nullable()
    .optional(),
  metaDisplayPhone: optionalText(30),
  metaWabaId: safeText()
    .trim()
    .regex(/^\d{5,30}$/, 'the WhatsApp Business Account id is numeric')
    .nullable()
    .optional(),
  systemPrompt: optionalText(50_000),
  formatterPrompt: optionalText(50_000),
  openaiModel: optionalText(200),
  groqModel: optionalText(200),
  primaryModelProvider: z.enum(['openai', 'groq', 'gateway']).nullable().optional(),
  notificationEmail: safeText().trim().toLowerCase().email('not a valid email address').max(320).nullable().optional(),
  notificationWebhookUrl: safeText().trim().max(2000).refine(isHttpUrl, 'the notification webhook must be an http(s) URL').nullable().optional(),
  timezone: safeText().refine(isTimeZone, 'unknown time zone (use an IANA name such as America/Sao_Paulo)').optional(),
});
export type ClientSettingsInput = z.infer<typeof clientSettingsInput>;

export async function updateClientSettings(db: Database, clientId: string, input: ClientSettingsInput) {
  const { clients } = db.t;
  const changes: Partial<typeof clients.$inferInsert> = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  if (Object.keys(changes).length === 0) throw new TRPCError({ code: 'BAD_REQUEST', message: 'nothing to change' });
  if (input.metaPhoneNumberId) {
    // Another client's row is invisible in a tenant transaction on PostgreSQL (row-level
    // security), so whether the number is free is asked in the platform context: yes or no only.
    const taken = await db.system((tx) =>
      tx
        .select({ id: clients.id })
        .from(clients)
        .where(and(eq(clients.metaPhoneNumberId, input.metaPhoneNumberId!), ne(clients.id, clientId))),
    );
    if (taken.length > 0) throw phoneTaken(input.metaPhoneNumberId);
  }
  try {
    return await db.tenant(clientId, async (tx) => {
      const [row] = await tx.update(clients).set(changes).where(eq(clients.id, clientId)).returning({ id: clients.id });
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'no client with this id' });
      return row;
    });
  } catch (error) {
    // Two clients claiming the same number at once: the unique index decides.
    if (input.metaPhoneNumberId && isUniqueViolation(error, 'meta_phone_number_id')) throw phoneTaken(input.metaPhoneNumberId);
    throw error;
  }
}

// Says neither whether nor whose: another organisation's number is no business of this one (the
// platform administrator can tell who holds it).
const phoneTaken = (id: string) =>
  new TRPCError({ code: 'CONFLICT', message: `WhatsApp phone number id ${id} cannot be used: check it, or ask the platform administrator` });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
