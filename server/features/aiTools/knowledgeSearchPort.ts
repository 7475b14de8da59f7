// The "search the knowledge base" tool's port: knowledgeBase registers itself with the bot's reply
// (botReply's retrieval hook), and botReply uses these tools, so aiTools cannot import knowledgeBase
// without a circle. server/app/wireFeatures.ts installs the search; without it the tool is not offered.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';

/** The passages for a question, as text for the model ('' when nothing matches). */
export type KnowledgeSearch = (app: AppContext, input: { clientId: string; query: string; conversationId: string; caller: string }) => Promise<string>;

const slot = perApp((_app: AppContext) => ({ search: null as KnowledgeSearch | null }));

export function registerKnowledgeSearch(app: AppContext, search: KnowledgeSearch): void {
  slot(app).search = search;
}

export const knowledgeSearch = (app: AppContext): KnowledgeSearch | null => slot(app).search;
