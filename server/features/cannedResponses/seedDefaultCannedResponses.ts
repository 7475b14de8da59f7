// A new client starts with the replies the app used to offer on every device, so the composer's
// "/" works on day one. Called inside the transaction that creates the client: nobody else can
// see the client yet, so there is nothing to race with.
import type { Tx } from '#server/db/tables.js';
import type { Database } from '#server/db/openDatabase.js';

export const DEFAULT_CANNED_RESPONSES = [
  { shortcut: 'ola', content: 'Olá! Sou do atendimento. Como posso ajudar?' },
  { shortcut: 'aguarde', content: 'Um momento, por favor, vou verificar para você.' },
  { shortcut: 'obrigado', content: 'Obrigado pelo contato! Qualquer dúvida, é só chamar.' },
] as const;

/** The same replies for a business set up in English (the first-run set-up's language). */
export const DEFAULT_CANNED_RESPONSES_EN = [
  { shortcut: 'hello', content: 'Hello! This is customer service. How can I help?' },
  { shortcut: 'wait', content: 'One moment, please: I will check that for you.' },
  { shortcut: 'thanks', content: 'Thank you for getting in touch! Any question, just message us.' },
] as const;

export type CannedResponsesLanguage = 'pt-BR' | 'en';

export async function seedDefaultCannedResponses(db: Database, tx: Tx, clientId: string, language: CannedResponsesLanguage = 'pt-BR'): Promise<void> {
  const replies = language === 'en' ? DEFAULT_CANNED_RESPONSES_EN : DEFAULT_CANNED_RESPONSES;
  await tx.insert(db.t.cannedResponses).values(replies.map((response) => ({ clientId, ...response })));
}
