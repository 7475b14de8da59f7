// knowledgeBase.*: uploads (with progress and cancel), sources, settings (a model change
// re-embeds), and "try a question". Reading is for every member; changing the knowledge is for
// administrators; trying a question costs an embedding, so agents and up.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { gatewayFailure } from '../gateway/index.js';
import { followJob, readJob } from './ingestion/followJob.js';
import { cancelReembed, listReembedJobs, publishReembedJob } from './ingestion/reembedJobs.js';
import { MAX_UPLOAD_BYTES, startUpload } from './ingestion/startUpload.js';
import { startReembed } from './ingestion/startReembed.js';
import { cancelUploads, listUploadJobs, publishUploadJob } from './ingestion/uploadJobs.js';
import { retrieveKnowledge } from './search/retrieveKnowledge.js';
import { knowledgeSettingsSchema, readKnowledgeSettings, writeKnowledgeSettings } from './settings/knowledgeSettings.js';
import { deleteSource } from './store/deleteSource.js';
import { listSources } from './store/listSources.js';

const jobId = z.object({ jobId: z.string().uuid('not a job id') });
const base64 = safeText()
  .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 1024, `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)
  .transform((value, ctx) => {
    const compact = value.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
      ctx.addIssue({ code: 'custom', message: 'contentBase64 is not valid base64' });
      return z.NEVER;
    }
    return Buffer.from(compact, 'base64');
  });

export const knowledgeBaseRouter = router({
  upload: withRole('admin')
    .input(
      z.object({
        fileName: safeText().trim().min(1, 'the file needs a name').max(255, 'the file name is too long'),
        contentBase64: base64,
        tags: z.array(safeText().trim().min(1).max(50)).max(20).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const started = await startUpload(ctx.app, {
        clientId: ctx.clientId,
        userId: ctx.session.userId,
        fileName: input.fileName,
        bytes: input.contentBase64,
        tags: input.tags,
      });
      ctx.audit.resourceId = started.sourceId;
      return started;
    }),

  job: tenantProcedure.input(jobId).query(async ({ ctx, input }) => {
    const job = await readJob(ctx.app, ctx.clientId, input.jobId);
    if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such job (finished ones are kept for a week)' });
    return job;
  }),

  jobs: tenantProcedure.query(async ({ ctx }) =>
    [...(await listReembedJobs(ctx.app, ctx.clientId)), ...(await listUploadJobs(ctx.app, ctx.clientId))].sort((a, b) =>
      b.startedAt.localeCompare(a.startedAt),
    ),
  ),

  jobProgress: tenantProcedure.input(jobId).subscription(async function* ({ ctx, input, signal }) {
    const job = await readJob(ctx.app, ctx.clientId, input.jobId);
    if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such job' });
    yield* followJob(ctx.app, ctx.clientId, job, signal);
  }),

  /** The job stops at its handler's next checkpoint, wherever it runs; its outcome is recorded at once. */
  cancel: withRole('admin')
    .input(jobId)
    .mutation(async ({ ctx, input }) => {
      const job = await readJob(ctx.app, ctx.clientId, input.jobId);
      if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such job' });
      if (job.state !== 'running')
        throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `the job has already ${job.state === 'done' ? 'finished' : job.state}` });
      if (job.kind === 'reembed') {
        if (!(await cancelReembed(ctx.app, ctx.clientId, input.jobId, 'cancelled by the user'))) {
          throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'the job has already finished' });
        }
        await publishReembedJob(ctx.app, ctx.clientId, input.jobId);
      } else {
        const cancelled = await ctx.app.db.tenant(ctx.clientId, (tx) =>
          cancelUploads(ctx.app, tx, ctx.clientId, { jobId: input.jobId }, 'cancelled by the user'),
        );
        if (cancelled.length === 0) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'the job has already finished' });
        await publishUploadJob(ctx.app, ctx.clientId, input.jobId);
      }
      return (await readJob(ctx.app, ctx.clientId, input.jobId))!;
    }),

  sources: tenantProcedure.query(({ ctx }) => listSources(ctx.app.db, ctx.clientId)),

  deleteSource: withRole('admin')
    .input(z.object({ sourceId: safeText().min(1).max(300) }))
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = input.sourceId;
      return deleteSource(ctx.app, ctx.clientId, input.sourceId);
    }),

  settings: tenantProcedure.query(({ ctx }) => readKnowledgeSettings(ctx.app.db, ctx.clientId)),

  /** A new embedding model (or size) starts a re-embedding job, or retargets the open one; the other settings apply at once. */
  updateSettings: withRole('admin')
    .input(knowledgeSettingsSchema.partial())
    .mutation(async ({ ctx, input }) => {
      const current = await readKnowledgeSettings(ctx.app.db, ctx.clientId);
      const model = input.embeddingModel ?? current.embeddingModel;
      const dimensions = input.embeddingDimensions !== undefined ? input.embeddingDimensions : current.embeddingDimensions;
      const { embeddingModel: _model, embeddingDimensions: _dimensions, ...rest } = input;
      await writeKnowledgeSettings(ctx.app.db, ctx.clientId, { ...current, ...rest });
      if (model === current.embeddingModel && dimensions === current.embeddingDimensions) {
        return { settings: await readKnowledgeSettings(ctx.app.db, ctx.clientId), job: null };
      }
      const { job } = await startReembed(ctx.app, ctx.clientId, { embeddingModel: model, embeddingDimensions: dimensions });
      return { settings: await readKnowledgeSettings(ctx.app.db, ctx.clientId), job };
    }),

  tryQuestion: withRole('agent')
    .input(
      z.object({
        question: safeText().trim().min(1, 'ask a question').max(4000),
        topK: z.number().int().min(1).max(20).optional(),
        minScore: z.number().min(-1).max(1).optional(),
        keyword: safeText().trim().max(200).optional(),
        sourceIds: z.array(safeText().min(1).max(300)).max(50).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const started = Date.now();
      try {
        const result = await retrieveKnowledge(ctx.app, { clientId: ctx.clientId, ...input, caller: 'knowledge_base.try', evenIfDisabled: true });
        return { ...result, latencyMs: Date.now() - started };
      } catch (error) {
        throw gatewayFailure(error, 'the question could not be embedded');
      }
    }),
});
