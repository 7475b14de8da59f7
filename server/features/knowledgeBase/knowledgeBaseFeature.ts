// Background side of the knowledge base: at start-up, chunks staged by jobs that died with a
// previous process are removed; at shutdown, running jobs are cancelled and awaited so nothing
// writes after the database closes.
import type { Feature } from '../../app/feature.js';
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
  },
  async stop(app) {
    await ingestionJobs(app).stopAll();
  },
};
