// Uploads are durable jobs (knowledge.ingest on the job runner), on SQLite and PostgreSQL: the
// bytes wait in knowledge_uploads until the ingestion ends; a server stopped mid-ingestion leaves
// the job to the next server on the same database, which completes it once, reusing what was
// staged; a crash (lease run out) resumes the same way; a provider's 5xx is retried with backoff;
// another tenant can neither see nor cancel the job.
import { and, eq, like } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type UzzServer } from '#server/app/createServer.js';
import type { AppContext } from '#server/app/appContext.js';
import { jobsSettled } from '#server/jobs/index.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { readUploadJob } from './ingestion/uploadJobs.js';
import { readMetadata } from './store/chunkMetadata.js';
import { startAiTestServer, type AiTestServer } from '../gateway/testing/startAiTestServer.js';

const b64 = (content: string) => Buffer.from(content).toString('base64');
const LONG = Array.from({ length: 3000 }, (_, i) => `Paragrafo ${i}: o forno numero ${i} assa ${i % 7} fornadas por hora.`).join('\n\n');

describe.each(DATABASE_KINDS)(
  'durable ingestion on %s',
  (kind) => {
    let server: AiTestServer | null = null;
    let next: UzzServer | null = null;
    afterEach(async () => {
      await next?.stop();
      next = null;
      await server?.dispose();
      server = null;
    });

    async function tenant() {
      server = await startAiTestServer(kind);
      const clientId = (await server.makeClient()).id;
      const admin = await server.signIn({ clientId, role: 'admin' });
      return { server, clientId, admin };
    }

    const embeddingCalls = (s: AiTestServer) => s.fake.requests.filter((request) => request.path === '/embeddings').length;

    async function storedState(app: AppContext, clientId: string, sourceId: string) {
      const { documents, knowledgeUploads, jobs } = app.db.t;
      const chunks = await app.db.tenant(clientId, (tx) =>
        tx
          .select({ metadata: documents.metadata })
          .from(documents)
          .where(and(eq(documents.clientId, clientId), eq(documents.sourceId, sourceId))),
      );
      const staged = await app.db.tenant(clientId, (tx) =>
        tx
          .select({ id: documents.id })
          .from(documents)
          .where(and(eq(documents.clientId, clientId), like(documents.sourceId, 'staging:%'))),
      );
      const uploads = await app.db.system((tx) => tx.select({ id: knowledgeUploads.id }).from(knowledgeUploads));
      const jobRows = await app.db.system((tx) => tx.select().from(jobs).where(eq(jobs.type, 'knowledge.ingest')));
      return { positions: chunks.map((row) => readMetadata(row.metadata).position), staged: staged.length, uploads: uploads.length, jobs: jobRows };
    }

    /** Starts a long upload and waits until its job has been claimed and has staged a batch or more. */
    async function uploadUntilStaged(s: AiTestServer, clientId: string, admin: SignedIn) {
      s.fake.setDefault('text-embedding-3-small', { kind: 'ok', latencyMs: 300 });
      const started = await admin.caller.knowledgeBase.upload({ fileName: 'fornos.md', contentBase64: b64(LONG) });
      expect(started.job).toMatchObject({ state: 'running', kind: 'upload', fileName: 'fornos.md' });
      await expect.poll(async () => (await readUploadJob(s.app, clientId, started.job.id))?.chunksDone ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(64);
      return started;
    }

    /** A new server on the same database (the previous one gone) finishes the job; returns what it stored. */
    async function finishOnNextServer(s: AiTestServer, clientId: string, jobId: string) {
      s.fake.setDefault('text-embedding-3-small', { kind: 'ok' });
      const callsBefore = embeddingCalls(s);
      next = await createServer(s.config, { logger: false });
      await next.start();
      await jobsSettled(next.app.db, ['knowledge.'], 30_000);
      const view = await readUploadJob(next.app, clientId, jobId);
      expect(view).toMatchObject({ state: 'done', chunksDone: view!.chunksTotal });
      const state = await storedState(next.app, clientId, 'fornos.md');
      // Every chunk exactly once, nothing left staged, the bytes gone, the job done once.
      expect(state.positions.sort((a, b) => a! - b!)).toEqual(Array.from({ length: view!.chunksTotal }, (_, i) => i));
      expect(state).toMatchObject({ staged: 0, uploads: 0 });
      expect(state.jobs).toMatchObject([{ id: jobId, status: 'done' }]);
      // Resumed: only the batches the first server had not staged were embedded again.
      expect(embeddingCalls(s) - callsBefore).toBeLessThan(Math.ceil(view!.chunksTotal / 64));
      return view!;
    }

    it('upload → job → chunks searchable, and the stored bytes deleted when it ends', async () => {
      const { server: s, clientId, admin } = await tenant();
      const started = await admin.caller.knowledgeBase.upload({ fileName: 'loja.txt', contentBase64: b64('Abrimos às 9h.\n\nFechamos às 18h aos sábados.') });
      const { knowledgeUploads } = s.app.db.t;
      await jobsSettled(s.app.db, ['knowledge.']);
      expect(await admin.caller.knowledgeBase.job({ jobId: started.job.id })).toMatchObject({ state: 'done', chunksDone: 1, chunksTotal: 1 });
      expect((await admin.caller.knowledgeBase.jobs()).map((job) => job.id)).toEqual([started.job.id]);
      expect(await s.app.db.tenant(clientId, (tx) => tx.select().from(knowledgeUploads).where(eq(knowledgeUploads.clientId, clientId)))).toEqual([]);
      const answer = await admin.caller.knowledgeBase.tryQuestion({ question: 'que horas abrem aos sábados?', minScore: -1 });
      expect(answer.chunks[0]).toMatchObject({ sourceFile: 'loja.txt' });
    });

    it('a server stopped mid-ingestion leaves the job to the next server, which completes it once', async () => {
      const { server: s, clientId, admin } = await tenant();
      const started = await uploadUntilStaged(s, clientId, admin);
      // Past a short drain the handler is aborted and its job released: queued again, staging kept.
      await s.app.jobs.stop(50);
      await s.stop();
      await finishOnNextServer(s, clientId, started.job.id);
    });

    it('a crashed server (its lease runs out) leaves the job to the next server, which completes it once', async () => {
      const { server: s, clientId, admin } = await tenant();
      const started = await uploadUntilStaged(s, clientId, admin);
      await s.app.jobs.stop(50);
      await s.stop();
      // What a crash leaves instead of a release: running, held by a process that is gone, lease past.
      const other = await createServer(s.config, { logger: false });
      await other.app.db.system((tx) =>
        tx
          .update(other.app.db.t.jobs)
          .set({ status: 'running', attempts: 1, leaseOwner: 'dead-host:1:gone', leaseUntil: new Date(Date.now() - 1000) })
          .where(eq(other.app.db.t.jobs.id, started.job.id)),
      );
      await other.stop();
      const done = await finishOnNextServer(s, clientId, started.job.id);
      expect(done.chunksTotal).toBeGreaterThan(64);
    });

    it("retries an embeddings provider's 5xx with backoff, then completes", async () => {
      const { server: s, clientId, admin } = await tenant();
      // Enough failures to exhaust the gateway's own retries on the first attempt.
      s.fake.script(
        'text-embedding-3-small',
        Array.from({ length: 3 }, () => ({ kind: 'error' as const, status: 503, message: 'provider overloaded' })),
      );
      const started = await admin.caller.knowledgeBase.upload({ fileName: 'retry.txt', contentBase64: b64('Entregamos em toda a cidade.') });
      await jobsSettled(s.app.db, ['knowledge.']);
      expect(await admin.caller.knowledgeBase.job({ jobId: started.job.id })).toMatchObject({ state: 'done', chunksTotal: 1 });
      const state = await storedState(s.app, clientId, 'retry.txt');
      expect(state.jobs).toMatchObject([{ status: 'done', attempts: 2, lastError: expect.stringMatching(/^every model failed/) }]);
      expect(state.positions).toEqual([0]);
    });

    it('another tenant can neither see, follow nor cancel the job; its owner can cancel it', async () => {
      const { server: s, clientId, admin } = await tenant();
      const other = await s.signIn({ clientId: (await s.makeClient()).id, role: 'admin' });
      const started = await uploadUntilStaged(s, clientId, admin);
      await expect(other.caller.knowledgeBase.job({ jobId: started.job.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const progress = (await other.caller.knowledgeBase.jobProgress({ jobId: started.job.id })) as AsyncIterable<unknown>;
      await expect(progress[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(other.caller.knowledgeBase.cancel({ jobId: started.job.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await other.caller.knowledgeBase.jobs()).toEqual([]);
      expect(await admin.caller.knowledgeBase.job({ jobId: started.job.id })).toMatchObject({ state: 'running' });

      expect(await admin.caller.knowledgeBase.cancel({ jobId: started.job.id })).toMatchObject({ state: 'cancelled', message: 'cancelled by the user' });
      await jobsSettled(s.app.db, ['knowledge.']);
      const state = await storedState(s.app, clientId, 'fornos.md');
      expect(state).toMatchObject({ positions: [], staged: 0, uploads: 0 });
      expect(state.jobs).toMatchObject([{ status: 'done' }]);
    });
    // Each test starts its own servers on a fresh database and embeds dozens of pages: past the
    // suite's 30 s default on a loaded machine (PostgreSQL under Node 24 in CI), though never stuck.
  },
  90_000,
);
