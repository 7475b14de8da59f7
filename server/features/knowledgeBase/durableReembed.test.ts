// Re-embeddings are durable jobs (knowledge.reembed on the job runner), on SQLite and PostgreSQL:
// a model change re-embeds every chunk and switches the model at the end; a server stopped
// mid-way leaves the job to the next server, which resumes after the pages already staged; a
// second change while it runs retargets the same job to the latest model; uploads and deletions
// meanwhile stay correct; another tenant sees none of it and keeps its own model.
import { and, eq, like } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type UzzServer } from '#server/app/createServer.js';
import type { AppContext } from '#server/app/appContext.js';
import { jobsSettled } from '#server/jobs/index.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { EMBED_BATCH } from './ingestion/embedIntoStaging.js';
import { readReembedJob, REEMBED_JOB } from './ingestion/reembedJobs.js';
import { readUploadJob } from './ingestion/uploadJobs.js';
import { startAiTestServer, type AiTestServer } from '../gateway/testing/startAiTestServer.js';

const b64 = (content: string) => Buffer.from(content).toString('base64');
const longText = (topic: string, paragraphs = 3000) =>
  Array.from({ length: paragraphs }, (_, i) => `Paragrafo ${i}: o ${topic} numero ${i} assa ${i % 7} fornadas por hora.`).join('\n\n');
const SMALL = 'text-embedding-3-small';
const LARGE = 'text-embedding-3-large';

describe.each(DATABASE_KINDS)(
  'durable re-embedding on %s',
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

    async function upload(s: AiTestServer, admin: SignedIn, fileName: string, content: string) {
      const started = await admin.caller.knowledgeBase.upload({ fileName, contentBase64: b64(content) });
      await jobsSettled(s.app.db, ['knowledge.'], 30_000);
      expect(await admin.caller.knowledgeBase.job({ jobId: started.job.id })).toMatchObject({ state: 'done' });
    }

    const embeddingCalls = (s: AiTestServer, model: string) => s.fake.requestsFor(model).filter((request) => request.path === '/embeddings').length;

    /** Every chunk of the client: stored ones by source, and how many are staged. */
    async function chunksOf(app: AppContext, clientId: string) {
      const { documents } = app.db.t;
      const rows = await app.db.tenant(clientId, (tx) =>
        tx
          .select({
            sourceId: documents.sourceId,
            content: documents.content,
            model: documents.embeddingModel,
            dims: documents.embeddingDimensions,
            embedding: documents.embedding,
          })
          .from(documents)
          .where(eq(documents.clientId, clientId)),
      );
      const stored = rows.filter((row) => !row.sourceId!.startsWith('staging:'));
      return {
        stored,
        staged: rows.length - stored.length,
        models: [...new Set(stored.map((row) => `${row.model} ${row.dims} ${row.embedding?.length}`))],
        bySource: Object.fromEntries([...new Set(stored.map((row) => row.sourceId!))].map((id) => [id, stored.filter((row) => row.sourceId === id).length])),
      };
    }

    async function reembedRows(app: AppContext, clientId: string) {
      const { jobs } = app.db.t;
      return app.db.system((tx) =>
        tx
          .select()
          .from(jobs)
          .where(and(eq(jobs.type, REEMBED_JOB), eq(jobs.clientId, clientId))),
      );
    }

    /** Waits until the running re-embedding has staged at least `chunks` chunks. */
    async function untilStaged(app: AppContext, clientId: string, jobId: string, chunks = EMBED_BATCH) {
      await expect.poll(async () => (await readReembedJob(app, clientId, jobId))?.chunksDone ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(chunks);
    }

    it('a model change becomes one job that re-embeds every chunk with the new model; another tenant is untouched', async () => {
      const { server: s, clientId, admin } = await tenant();
      const clientB = (await s.makeClient()).id;
      const adminB = await s.signIn({ clientId: clientB, role: 'admin' });
      await upload(s, admin, 'fornos.md', longText('forno'));
      await upload(s, admin, 'loja.txt', 'Abrimos às 9h.\n\nFechamos às 18h aos sábados.');
      await upload(s, adminB, 'oficina.txt', 'Trocamos o óleo do carro em 30 minutos.');
      const before = await chunksOf(s.app, clientId);
      const beforeB = await chunksOf(s.app, clientB);
      const total = before.stored.length;
      expect(total).toBeGreaterThan(EMBED_BATCH);
      const largeCalls = embeddingCalls(s, LARGE);

      const changed = await admin.caller.knowledgeBase.updateSettings({ embeddingModel: LARGE, embeddingDimensions: 512 });
      expect(changed.job).toMatchObject({ kind: 'reembed', state: 'running', chunksTotal: total });
      expect(changed.settings.embeddingModel).toBe('openai/text-embedding-3-small'); // switches only when done
      // The other tenant neither sees nor cancels it.
      await expect(adminB.caller.knowledgeBase.job({ jobId: changed.job!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(adminB.caller.knowledgeBase.cancel({ jobId: changed.job!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await adminB.caller.knowledgeBase.jobs()).some((job) => job.kind === 'reembed')).toBe(false);

      await jobsSettled(s.app.db, ['knowledge.'], 30_000);
      expect(await admin.caller.knowledgeBase.job({ jobId: changed.job!.id })).toMatchObject({
        kind: 'reembed',
        state: 'done',
        chunksDone: total,
        chunksTotal: total,
      });
      expect((await admin.caller.knowledgeBase.jobs()).filter((job) => job.kind === 'reembed').map((job) => job.id)).toEqual([changed.job!.id]);
      expect(await reembedRows(s.app, clientId)).toMatchObject([{ status: 'done', dedupeKey: null, attempts: 1 }]);
      expect(await admin.caller.knowledgeBase.settings()).toMatchObject({ embeddingModel: 'openai/text-embedding-3-large', embeddingDimensions: 512 });
      const after = await chunksOf(s.app, clientId);
      expect(after).toMatchObject({ staged: 0, models: ['openai/text-embedding-3-large 512 512'], bySource: before.bySource });
      expect(after.stored.map((row) => row.content).sort()).toEqual(before.stored.map((row) => row.content).sort());
      // One probe, then each chunk once, a page at a time.
      expect(embeddingCalls(s, LARGE) - largeCalls).toBe(1 + Math.ceil(total / EMBED_BATCH));
      const answer = await admin.caller.knowledgeBase.tryQuestion({ question: 'que horas fecham aos sábados?', minScore: -1 });
      expect(answer.model).toBe('openai/text-embedding-3-large');
      expect(answer.chunks[0]).toMatchObject({ sourceFile: 'loja.txt' });

      // The other tenant: same chunks, same model, its settings untouched, still answering.
      expect(await chunksOf(s.app, clientB)).toEqual(beforeB);
      expect(await adminB.caller.knowledgeBase.settings()).toMatchObject({ embeddingModel: 'openai/text-embedding-3-small', embeddingDimensions: null });
      expect((await adminB.caller.knowledgeBase.tryQuestion({ question: 'troca de óleo', minScore: -1 })).chunks[0]).toMatchObject({
        sourceFile: 'oficina.txt',
      });

      // The key is released: the next model change is a new job.
      const again = await admin.caller.knowledgeBase.updateSettings({ embeddingModel: SMALL, embeddingDimensions: 384 });
      expect(again.job!.id).not.toBe(changed.job!.id);
      await jobsSettled(s.app.db, ['knowledge.'], 30_000);
      expect((await chunksOf(s.app, clientId)).models).toEqual(['openai/text-embedding-3-small 384 384']);
    });

    it('a server stopped mid-way leaves the job to the next server, which resumes without embedding the done pages again', async () => {
      const { server: s, clientId, admin } = await tenant();
      await upload(s, admin, 'fornos.md', longText('forno', 6000));
      const before = await chunksOf(s.app, clientId);
      const total = before.stored.length;
      const fullRun = Math.ceil(total / EMBED_BATCH);
      expect(fullRun).toBeGreaterThan(3);

      s.fake.setDefault(LARGE, { kind: 'ok', latencyMs: 300 });
      const changed = await admin.caller.knowledgeBase.updateSettings({ embeddingModel: LARGE, embeddingDimensions: 512 });
      await untilStaged(s.app, clientId, changed.job!.id, 2 * EMBED_BATCH);
      // Past a short drain the handler is aborted and its job released: queued again, progress kept.
      await s.app.jobs.stop(50);
      await s.stop();

      s.fake.setDefault(LARGE, { kind: 'ok' });
      const callsBefore = embeddingCalls(s, LARGE);
      next = await createServer(s.config, { logger: false });
      // What the stopped server left: its progress and exactly the chunks it says it staged.
      const { chunksDone } = (await readReembedJob(next.app, clientId, changed.job!.id))!;
      expect(chunksDone).toBeGreaterThanOrEqual(2 * EMBED_BATCH);
      expect((await chunksOf(next.app, clientId)).staged).toBe(chunksDone);
      await next.start();
      await jobsSettled(next.app.db, ['knowledge.'], 30_000);
      expect(await readReembedJob(next.app, clientId, changed.job!.id)).toMatchObject({ state: 'done', chunksDone: total, chunksTotal: total });
      // Resumed: only the pages the first server had not staged.
      const resumedCalls = embeddingCalls(s, LARGE) - callsBefore;
      expect(resumedCalls).toBe(Math.ceil((total - chunksDone) / EMBED_BATCH));
      expect(resumedCalls).toBeLessThan(fullRun);
      // Every chunk exactly once, of the new model; nothing staged; one job.
      const after = await chunksOf(next.app, clientId);
      expect(after).toMatchObject({ staged: 0, models: ['openai/text-embedding-3-large 512 512'], bySource: before.bySource });
      expect(after.stored.map((row) => row.content).sort()).toEqual(before.stored.map((row) => row.content).sort());
      expect(await reembedRows(next.app, clientId)).toMatchObject([{ id: changed.job!.id, status: 'done' }]);
    });

    it('a second model change while the job runs retargets the same job, which ends on the latest model', async () => {
      const { server: s, clientId, admin } = await tenant();
      await upload(s, admin, 'fornos.md', longText('forno', 6000));
      const before = await chunksOf(s.app, clientId);
      const total = before.stored.length;

      s.fake.setDefault(LARGE, { kind: 'ok', latencyMs: 200 });
      const first = await admin.caller.knowledgeBase.updateSettings({ embeddingModel: LARGE, embeddingDimensions: 512 });
      await untilStaged(s.app, clientId, first.job!.id);
      const second = await admin.caller.knowledgeBase.updateSettings({ embeddingModel: SMALL, embeddingDimensions: 384 });
      expect(second.job).toMatchObject({ id: first.job!.id, state: 'running', chunksTotal: total });
      expect(second.settings).toMatchObject({ embeddingModel: 'openai/text-embedding-3-small', embeddingDimensions: null });

      await jobsSettled(s.app.db, ['knowledge.'], 30_000);
      expect(await readReembedJob(s.app, clientId, first.job!.id)).toMatchObject({ state: 'done', chunksDone: total, chunksTotal: total });
      expect(await reembedRows(s.app, clientId)).toMatchObject([{ id: first.job!.id, status: 'done' }]);
      expect(await admin.caller.knowledgeBase.settings()).toMatchObject({ embeddingModel: 'openai/text-embedding-3-small', embeddingDimensions: 384 });
      const after = await chunksOf(s.app, clientId);
      expect(after).toMatchObject({ staged: 0, models: ['openai/text-embedding-3-small 384 384'], bySource: before.bySource });
      const answer = await admin.caller.knowledgeBase.tryQuestion({ question: 'forno numero 42', minScore: -1 });
      expect(answer.chunks.length).toBeGreaterThan(0);
    });

    it('uploads and deletions during a re-embedding: new uploads get the new model, deleted sources stay deleted, no old vector remains', async () => {
      const { server: s, clientId, admin } = await tenant();
      await upload(s, admin, 'fornos.md', longText('forno', 6000));
      await upload(s, admin, 'loja.txt', 'Abrimos às 9h.');
      await upload(s, admin, 'apagar.txt', 'Este arquivo vai ser apagado.');

      // An upload embedding with the old model when the model changes: it must not promote those vectors.
      s.fake.setDefault(SMALL, { kind: 'ok', latencyMs: 300 });
      const inFlight = await admin.caller.knowledgeBase.upload({ fileName: 'paes.md', contentBase64: b64(longText('pão', 6000)) });
      await expect
        .poll(async () => (await readUploadJob(s.app, clientId, inFlight.job.id))?.chunksDone ?? 0, { timeout: 20_000 })
        .toBeGreaterThanOrEqual(EMBED_BATCH);
      const stored = (await chunksOf(s.app, clientId)).stored.length;
      s.fake.setDefault(LARGE, { kind: 'ok', latencyMs: 300 });
      const changed = await admin.caller.knowledgeBase.updateSettings({ embeddingModel: LARGE, embeddingDimensions: 512 });
      // The upload was not promoted yet: its chunks are not the re-embedding's to do.
      expect(changed.job).toMatchObject({ chunksTotal: stored });
      s.fake.setDefault(SMALL, { kind: 'ok' });
      await untilStaged(s.app, clientId, changed.job!.id);
      // The upload in flight notices at its next checkpoint and embeds again with the new model.
      const embedsBread = (request: { body: unknown }) => JSON.stringify((request.body as { input?: unknown }).input ?? '').includes('pão');
      await expect.poll(() => s.fake.requestsFor(LARGE).some(embedsBread), { timeout: 20_000 }).toBe(true);
      const smallCalls = embeddingCalls(s, SMALL);

      // During the re-embedding: a new file, a new version of a file, a deletion.
      const fresh = await admin.caller.knowledgeBase.upload({ fileName: 'novo.txt', contentBase64: b64('Entregamos bolos de aniversário aos domingos.') });
      const revised = await admin.caller.knowledgeBase.upload({ fileName: 'loja.txt', contentBase64: b64('Abrimos às 7h desde março.') });
      expect(await admin.caller.knowledgeBase.deleteSource({ sourceId: 'apagar.txt' })).toEqual({ deletedChunks: 1, cancelledUploads: 0 });
      expect(await readReembedJob(s.app, clientId, changed.job!.id)).toMatchObject({ state: 'running' });

      await jobsSettled(s.app.db, ['knowledge.'], 60_000);
      for (const jobId of [inFlight.job.id, fresh.job.id, revised.job.id]) {
        expect(await admin.caller.knowledgeBase.job({ jobId })).toMatchObject({ state: 'done' });
      }
      expect(await admin.caller.knowledgeBase.job({ jobId: changed.job!.id })).toMatchObject({ state: 'done' });
      expect(await admin.caller.knowledgeBase.settings()).toMatchObject({ embeddingModel: 'openai/text-embedding-3-large', embeddingDimensions: 512 });
      // Nothing embedded with the old model since (the uploads used the new one).
      expect(embeddingCalls(s, SMALL)).toBe(smallCalls);
      const after = await chunksOf(s.app, clientId);
      expect(after.staged).toBe(0);
      expect(after.models).toEqual(['openai/text-embedding-3-large 512 512']);
      expect(Object.keys(after.bySource).sort()).toEqual(['fornos.md', 'loja.txt', 'novo.txt', 'paes.md']);
      expect(await readUploadJob(s.app, clientId, inFlight.job.id)).toMatchObject({ state: 'done', chunksDone: after.bySource['paes.md'] });
      expect(after.stored.filter((row) => row.sourceId === 'loja.txt').map((row) => row.content)).toEqual(['Abrimos às 7h desde março.']);
      const { documents } = s.app.db.t;
      const deleted = await s.app.db.tenant(clientId, (tx) =>
        tx
          .select({ id: documents.id })
          .from(documents)
          .where(and(eq(documents.clientId, clientId), like(documents.sourceId, '%apagar.txt'))),
      );
      expect(deleted).toEqual([]);
      const answer = await admin.caller.knowledgeBase.tryQuestion({ question: 'bolos de aniversário aos domingos', minScore: -1 });
      expect(answer.chunks[0]).toMatchObject({ sourceFile: 'novo.txt' });
    });

    it('a cancelled re-embedding keeps the old model and removes what it staged', async () => {
      const { server: s, clientId, admin } = await tenant();
      await upload(s, admin, 'fornos.md', longText('forno', 6000));
      const before = await chunksOf(s.app, clientId);
      s.fake.setDefault(LARGE, { kind: 'ok', latencyMs: 200 });
      const changed = await admin.caller.knowledgeBase.updateSettings({ embeddingModel: LARGE, embeddingDimensions: 512 });
      await untilStaged(s.app, clientId, changed.job!.id);
      const viewer = await s.signIn({ clientId, role: 'viewer' });
      await expect(viewer.caller.knowledgeBase.cancel({ jobId: changed.job!.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await admin.caller.knowledgeBase.cancel({ jobId: changed.job!.id })).toMatchObject({ state: 'cancelled', message: 'cancelled by the user' });
      await jobsSettled(s.app.db, ['knowledge.'], 30_000);
      await expect(admin.caller.knowledgeBase.cancel({ jobId: changed.job!.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
      expect(await admin.caller.knowledgeBase.settings()).toMatchObject({ embeddingModel: 'openai/text-embedding-3-small', embeddingDimensions: null });
      expect(await chunksOf(s.app, clientId)).toEqual(before);
      expect(await reembedRows(s.app, clientId)).toMatchObject([{ status: 'done', dedupeKey: null }]);
    });
    // Each test starts its own servers on a fresh database and embeds dozens of pages: past the
    // suite's 30 s default on a loaded machine (PostgreSQL under Node 24 in CI), though never stuck.
  },
  90_000,
);
