// Where the knowledge base plugs into the bot's reply: a feature registers one hook per app (in
// its start()), and the reply asks it for passages relevant to the customer's message. Without a
// hook, nothing is retrieved. A failing or slow hook never stops the reply (see botReplyResponder).
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';

export type RetrievalQuery = { clientId: string; conversationId: string; phone: string; query: string };
export type RetrievedPassage = { content: string; source?: string | null; score?: number | null };
export type RetrievalHook = (app: AppContext, query: RetrievalQuery) => Promise<RetrievedPassage[]>;

const registered = perApp((_app: AppContext) => ({ hook: null as RetrievalHook | null }));

/** Installs the hook for this app (replacing any earlier one); returns a function that removes it. */
export function registerRetrievalHook(app: AppContext, hook: RetrievalHook): () => void {
  const slot = registered(app);
  slot.hook = hook;
  return () => {
    if (slot.hook === hook) slot.hook = null;
  };
}

export async function retrievePassages(app: AppContext, query: RetrievalQuery): Promise<RetrievedPassage[]> {
  const hook = registered(app).hook;
  return hook ? hook(app, query) : [];
}
