// Background side of the knowledge base: uploads are ingested by the `knowledge.ingest` job and
// model changes re-embed by the `knowledge.reembed` job, both on the job runner (registered here,
// run on any instance, drained by the runner at shutdown). At start-up, what interrupted work left
// behind is removed: staged chunks of no open job (an open job resumes from its own), and the
// bytes of uploads whose job is over (its runner died on the last attempt).
import { and, inArray } from 'drizzle-orm';
import type { Feature } from '#server/app/feature.js';
import type { AppContext } from '#server/app/appContext.js';
import { isSingleProcess } from '#server/db/dialect.js';
import { registerRetrievalHook } from '../botReply/index.js';
import { registerIngestJob } from './ingestion/ingestUpload.js';
import { REEMBED_JOB } from './ingestion/reembedJobs.js';
import { registerReembedJob } from './ingestion/reembedKnowledge.js';
import { INGEST_JOB } from './ingestion/uploadJobs.js';
import { retrieveKnowledge } from './search/retrieveKnowledge.js';
import { discardOrphanedStaging } from './store/promoteStaging.js';

/** Another PostgreSQL instance may have started a job since the open ones were read: only staging older than this is orphaned. */
const ORPHAN_AGE_MS = 6 * 60 * 60 * 1000;

export const knowledgeBaseFeature: Feature = {
  name: 'knowledgeBase',
  async start(app) {
    registerIngestJob(app);
    registerReembedJob(app);
    await removeLeftovers(app);
    // The bot's reply asks the knowledge base through this hook (the flows' AI block calls retrieveKnowledge directly).
    registerRetrievalHook(app, async (hookApp, query) => {
      const retrieval = await retrieveKnowledge(hookApp, {
        clientId: query.clientId,
        question: query.query,
        conversationId: query.conversationId,
        phone: query.phone,
        caller: 'bot',
      });
      return retrieval.chunks.map((chunk) => ({
        content: chunk.content,
        score: chunk.score,
        source: `${chunk.sourceFile}${chunk.pages ? ` p.${chunk.pages[0]}` : ''} #${chunk.id}`,
      }));
    });
  },
};

async function removeLeftovers(app: AppContext): Promise<void> {
  const { jobs, knowledgeUploads } = app.db.t;
  const { open, removedUploads } = await app.db.system(async (tx) => {
    const removedUploads = await tx
      .delete(knowledgeUploads)
      .where(
        inArray(
          knowledgeUploads.jobId,
          tx
            .select({ id: jobs.id })
            .from(jobs)
            .where(inArray(jobs.status, ['done', 'dead'])),
        ),
      )
      .returning({ id: knowledgeUploads.id });
    const open = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.type, [INGEST_JOB, REEMBED_JOB]), inArray(jobs.status, ['queued', 'running'])));
    return { open, removedUploads: removedUploads.length };
  });
  const keep = open.map((job) => job.id);
  // SQLite has one server process: any other staging is of a job that is over.
  const olderThan = new Date(isSingleProcess(app.db) ? Date.now() + 1000 : Date.now() - ORPHAN_AGE_MS);
  const removed = await discardOrphanedStaging(app.db, olderThan, keep);
  if (removed > 0 || removedUploads > 0) app.log.info({ removed, removedUploads }, 'knowledge base: removed what interrupted ingestions left');
}
