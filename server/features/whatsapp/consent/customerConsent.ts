// Whether a customer accepts business-initiated messages (templates, broadcasts): the state in
// clientes_whatsapp (status `opted_out` with when and how), the check every such send passes, and
// the change itself, by keyword (handleConsentKeyword.ts) or by an agent in the inbox.
import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { Tables, Tx } from '#server/db/tables.js';
import type { CustomerStatus } from '#shared/domain/statuses.js';

type ConversationRow = Tables['conversations']['$inferSelect'];
type CustomerRow = Tables['clientesWhatsapp']['$inferSelect'];

/** A business-initiated message to a customer who opted out: refused, never sent. */
export class OptedOutError extends UserFacingError {
  override name = 'OptedOutError';
}

export const CONSENT_EVENT = 'customer.consent';

export type CustomerConsent = { customerId: string | null; status: CustomerStatus; optedOutAt: string | null; source: string | null };

export function consentView(customer: Pick<CustomerRow, 'id' | 'status' | 'optedOutAt' | 'optOutSource'> | null | undefined): CustomerConsent {
  if (!customer) return { customerId: null, status: 'active', optedOutAt: null, source: null };
  return {
    customerId: customer.id,
    status: customer.status === 'opted_out' ? 'opted_out' : 'active',
    optedOutAt: customer.optedOutAt ? customer.optedOutAt.toISOString() : null,
    source: customer.optOutSource,
  };
}

/** The conversation's customer (by its link, else by phone, as older rows may lack the link). */
export async function customerOf(app: AppContext, tx: Tx, conversation: ConversationRow): Promise<CustomerRow | null> {
  const { clientesWhatsapp } = app.db.t;
  const where = conversation.clienteWhatsappId ? eq(clientesWhatsapp.id, conversation.clienteWhatsappId) : eq(clientesWhatsapp.telefone, conversation.phone);
  const [row] = await tx
    .select()
    .from(clientesWhatsapp)
    .where(and(eq(clientesWhatsapp.clientId, conversation.clientId), where));
  return row ?? null;
}

/** Throws OptedOutError when the conversation's customer opted out (call for every business-initiated message). */
export async function assertAcceptsBusinessMessages(app: AppContext, tx: Tx, conversation: ConversationRow): Promise<void> {
  const customer = await customerOf(app, tx, conversation);
  if (customer?.status === 'opted_out') throw optedOut(customer);
}

export function optedOut(customer: Pick<CustomerRow, 'optedOutAt' | 'optOutSource'>): OptedOutError {
  const when = customer.optedOutAt ? ` on ${customer.optedOutAt.toISOString()}` : '';
  const how = customer.optOutSource?.startsWith('keyword:')
    ? ` by sending ${customer.optOutSource.slice('keyword:'.length)}`
    : customer.optOutSource?.startsWith('agent:')
      ? ' (marked by an agent)'
      : '';
  return new OptedOutError(
    `this customer opted out of messages from the business${when}${how}: templates and broadcasts are refused until they opt back in (for example by sending VOLTAR)`,
  );
}

/**
 * Moves the customer to `status` in the caller's transaction; null when they already were there
 * (so a second SAIR is not confirmed again, and two concurrent changes confirm once).
 */
export async function changeConsent(app: AppContext, tx: Tx, customer: CustomerRow, status: CustomerStatus, source: string): Promise<CustomerRow | null> {
  const { clientesWhatsapp } = app.db.t;
  const [updated] = await tx
    .update(clientesWhatsapp)
    .set(status === 'opted_out' ? { status, optedOutAt: new Date(), optOutSource: source } : { status, optedOutAt: null, optOutSource: null })
    .where(and(eq(clientesWhatsapp.id, customer.id), eq(clientesWhatsapp.clientId, customer.clientId), ne(clientesWhatsapp.status, status)))
    .returning();
  return updated ?? null;
}

/** After the change committed: the inbox's badge updates live. */
export function publishConsent(app: AppContext, clientId: string, conversationId: string, customer: CustomerRow): void {
  app.events.publish(clientId, CONSENT_EVENT, { conversationId, ...consentView(customer) });
}
