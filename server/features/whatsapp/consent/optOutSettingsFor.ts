// The client's opt-out settings, read inside the transaction that stores inbound messages, so the
// keyword check after it needs no transaction of its own for the messages that are no keyword
// (most of them; a busy inbox saved a BEGIN, a read and a COMMIT per message). Read only when a
// message could be one: its text is short enough (audio never is: its transcription is not checked).
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { OPT_OUT_LIMITS, effectiveOptOutSettings, normalizeKeyword, type OptOutSettings } from '#shared/domain/optOut.js';

/** Whether a message could be an opt-out or opt-in keyword (so its settings are worth reading). */
export function couldBeConsentKeyword(type: string, text: string | null): boolean {
  if (type === 'audio') return false;
  return text !== null && normalizeKeyword(text).length <= OPT_OUT_LIMITS.keywordLength;
}

/** The settings, or undefined when no message could be a keyword (nothing read). */
export async function optOutSettingsFor(
  app: AppContext,
  tx: Tx,
  clientId: string,
  messages: ReadonlyArray<{ type: string; text: string | null }>,
): Promise<OptOutSettings | undefined> {
  if (!messages.some((message) => couldBeConsentKeyword(message.type, message.text))) return undefined;
  const { clients } = app.db.t;
  const [client] = await tx.select({ optOutSettings: clients.optOutSettings }).from(clients).where(eq(clients.id, clientId));
  return effectiveOptOutSettings(client?.optOutSettings);
}
