// The display name of each of a client's business numbers, by phone_number_id, for lists that
// show which number a conversation is on. The main and sandbox numbers get their rows on the first
// numbers.list; until then they are named as that list will name them.
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { clientNumbers, mainNumberName } from './manageNumbers.js';

export async function numberNames(app: AppContext, tx: Tx, clientId: string): Promise<Map<string, string>> {
  const { whatsappNumbers } = app.db.t;
  const client = await clientNumbers(app, tx, clientId);
  const names = new Map<string, string>();
  if (client.metaPhoneNumberId) names.set(client.metaPhoneNumberId, mainNumberName(client));
  if (client.sandboxPhoneNumberId) names.set(client.sandboxPhoneNumberId, 'Sandbox');
  const rows = await tx
    .select({ phoneNumberId: whatsappNumbers.phoneNumberId, displayName: whatsappNumbers.displayName })
    .from(whatsappNumbers)
    .where(eq(whatsappNumbers.clientId, clientId));
  for (const row of rows) names.set(row.phoneNumberId, row.displayName);
  return names;
}
