// What happens after people resolve a conversation, as a port: the teams feature asks the customer
// for a satisfaction rating (CSAT). Wired in server/app/wireFeatures.ts, so teams may import this
// feature and this feature never imports teams. Runs in the resolving transaction.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tables, Tx } from '#server/db/tables.js';

type ConversationRow = Tables['conversations']['$inferSelect'];

export type ResolvedListener = (app: AppContext, tx: Tx, event: { row: ConversationRow; before: ConversationRow }) => Promise<void>;

const registered = perApp((_app: AppContext) => ({ listener: null as ResolvedListener | null }));

export function registerResolvedListener(app: AppContext, listener: ResolvedListener): void {
  registered(app).listener = listener;
}

export async function conversationResolved(app: AppContext, tx: Tx, event: { row: ConversationRow; before: ConversationRow }): Promise<void> {
  await registered(app).listener?.(app, tx, event);
}
