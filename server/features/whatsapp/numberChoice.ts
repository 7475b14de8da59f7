// Which of a client's numbers a conversation is on. A customer has one conversation per business
// number (conversations are unique on client, phone and number_key = coalesce(phone_number_id, '')):
// inbound messages carry the number they were written to; chats the business starts (a campaign,
// the public API, the test phone) name a number, or take the client's main number.
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { Tables, Tx } from '#server/db/tables.js';

export class UnknownNumberError extends UserFacingError {
  override name = 'UnknownNumberError';
}

/** The phone_number_id of the client's main Meta number; null when none is connected. */
export async function mainPhoneNumberId(app: AppContext, tx: Tx, clientId: string): Promise<string | null> {
  const { clients } = app.db.t;
  const [client] = await tx.select({ id: clients.metaPhoneNumberId }).from(clients).where(eq(clients.id, clientId));
  return client?.id ?? null;
}

/**
 * One of the client's numbers, named by its phone_number_id or its id (whatsapp_numbers.id); none
 * named: the main number. Throws UnknownNumberError for a number the client does not have.
 */
export async function resolveNumber(app: AppContext, tx: Tx, clientId: string, choice?: string | null): Promise<string | null> {
  if (!choice) return mainPhoneNumberId(app, tx, clientId);
  const { whatsappNumbers, clients } = app.db.t;
  const byRow = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(choice)
    ? eq(whatsappNumbers.id, choice)
    : eq(whatsappNumbers.phoneNumberId, choice);
  const [number] = await tx
    .select({ phoneNumberId: whatsappNumbers.phoneNumberId })
    .from(whatsappNumbers)
    .where(and(eq(whatsappNumbers.clientId, clientId), byRow));
  if (number) return number.phoneNumberId;
  // A main number connected since the migration, before its row was written (numbers.list writes it).
  const [main] = await tx
    .select({ meta: clients.metaPhoneNumberId, sandbox: clients.sandboxPhoneNumberId })
    .from(clients)
    .where(and(eq(clients.id, clientId), or(eq(clients.metaPhoneNumberId, choice), eq(clients.sandboxPhoneNumberId, choice))));
  if (main) return choice;
  throw new UnknownNumberError(`no number ${choice} on this account (numbers are named by their phone number id or id)`);
}

/** The condition "the conversation is on this number" (null: on none), served by the conversations' unique key. */
export const onNumber = (conversations: Tables['conversations'], phoneNumberId: string | null): SQL => eq(conversations.numberKey, phoneNumberId ?? '');

/**
 * "On the main number": its phone_number_id, or none (a chat started before the client had a main
 * number; connecting one moves those onto it, see whatsappConnection's saveConnection).
 */
export const onMainNumber = (conversations: Tables['conversations'], mainPhoneNumberId: string | null): SQL =>
  mainPhoneNumberId ? inArray(conversations.numberKey, [mainPhoneNumberId, '']) : eq(conversations.numberKey, '');
