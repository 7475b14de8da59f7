// A new client starts with the replies the app used to offer on every device, so the composer's
// "/" works on day one. Called inside the transaction that creates the client: nobody else can
// see the client yet, so there is nothing to race with.
import type { Tx } from '../../db/tables.js';
import type { Database } from '../../db/openDatabase.js';

export const DEFAULT_CANNED_RESPONSES = [
  { shortcut: 'ola', content: 'Olá! Sou do atendimento. Como posso ajudar?' },
  { shortcut: 'aguarde', content: 'Um momento, por favor, vou verificar para você.' },
  { shortcut: 'obrigado', content: 'Obrigado pelo contato! Qualquer dúvida, é só chamar.' },
] as const;

export async function seedDefaultCannedResponses(db: Database, tx: Tx, clientId: string): Promise<void> {
  await tx.insert(db.t.cannedResponses).values(DEFAULT_CANNED_RESPONSES.map((response) => ({ clientId, ...response })));
}
