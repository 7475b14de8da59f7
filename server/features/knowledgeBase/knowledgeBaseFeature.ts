// Background side of the knowledge base: at start-up, chunks staged by jobs that died with a
// previous process are removed; at shutdown, running jobs are cancelled and awaited so nothing
// writes after the database closes.
import type { Feature } from '../../app/feature.js';
import { registerRetrievalHook } from '../botReply/retrievalHook.js';
import { retrieveKnowledge } from './search/retrieveKnowledge.js';
import { ingestionJobs } from './ingestion/ingestionJobs.js';
import { discardOrphanedStaging } from './store/promoteStaging.js';

/** Another PostgreSQL instance may be ingesting right now: only staging older than this is orphaned. */
const ORPHAN_AGE_MS = 6 * 60 * 60 * 1000;

export const knowledgeBaseFeature: Feature = {
  name: 'knowledgeBase',
  async start(app) {
    // SQLite has one server process: anything staged before this start belongs to a dead job.
    const olderThan = new Date(app.db.kind === 'sqlite' ? Date.now() + 1000 : Date.now() - ORPHAN_AGE_MS);
    const removed = await discardOrphanedStaging(app.db, olderThan);
    if (removed > 0) app.log.info({ removed }, 'knowledge base: removed chunks staged by interrupted uploads');
    // The bot's reply asks the knowledge base through this hook (the flows' AI block calls retrieveKnowledge directly).
    registerRetrievalHook(app, async (hookApp, query) => {
      const retrieval = await retrieveKnowledge(hookApp, {
        clientId: query.clientId, question: query.query, conversationId: query.conversationId, phone: query.phone, caller: 'bot',
      });
      return retrieval.chunks.map((chunk) => ({
        content: chunk.content, score: chunk.score,
        source: `${chunk.sourceFile}${chunk.pages ? ` p.${chunk.pages[0]}` : ''} #${chunk.id}`,
      }));
    });
  },
  async stop(app) {
    await ingestionJobs(app).stopAll();
  },
};
