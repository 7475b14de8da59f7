// flows.*: the flow editor's API (drafts, publishing, versions, import/export, triggers), the
// simulator, per-block analytics, the agent's hand-back of a conversation a flow handed off, and
// the manual trigger (an agent starts a flow for a conversation).
import { TRPCError } from '@trpc/server';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { diffFlowDocuments } from '#shared/flows/diffFlowDocuments.js';
import { validateFlow } from '#shared/flows/validateFlow.js';
import { clientFlowIds } from './clientFlowIds.js';
import { createFlow } from './createFlow.js';
import { deleteFlow } from './deleteFlow.js';
import { duplicateFlow } from './duplicateFlow.js';
import { handBackConversation } from './executor/handBackConversation.js';
import { startFlowManually } from './executor/startFlowManually.js';
import { exportFlow } from './exportFlow.js';
import { flowAnalytics } from './flowAnalytics.js';
import { flowDocumentAt } from './flowDocumentAt.js';
import { maskFlowSecrets } from './flowSecrets.js';
import { flowId, flowMetaFields, parseDocumentInput } from './flowInputs.js';
import { flowSummary, flowView } from './flowView.js';
import { importFlow } from './importFlow.js';
import { listFlowVersions } from './listFlowVersions.js';
import { draftDocumentOf, loadFlowRow, type FlowRow } from './loadFlowRow.js';
import { publishFlow } from './publishFlow.js';
import { restoreFlowVersion } from './restoreFlowVersion.js';
import { setFlowActive } from './setFlowActive.js';
import { handBackSimulation, restartSimulation, sendToSimulation, startSimulation } from './simulator/flowSimulator.js';
import { updateFlowDraft } from './updateFlowDraft.js';
import type { AppContext } from '#server/app/appContext.js';

const editor = withRole('admin');
const byId = z.object({ id: flowId });
const which = z.union([z.literal('draft'), safeText().min(1).max(100)]);

async function viewOf(app: AppContext, clientId: string, row: FlowRow) {
  const { clients, flowVersions } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const [client] = await tx.select({ phone: clients.metaDisplayPhone }).from(clients).where(eq(clients.id, clientId));
    const [version] = row.publishedVersionId
      ? await tx
          .select({ version: flowVersions.version })
          .from(flowVersions)
          .where(and(eq(flowVersions.id, row.publishedVersionId), eq(flowVersions.clientId, clientId)))
      : [];
    return flowView(row, { displayPhone: client?.phone ?? null, publishedVersion: version?.version ?? null });
  });
}

export const flowsRouter = router({
  list: tenantProcedure.query(async ({ ctx }) => {
    const { interactiveFlows, flowVersions } = ctx.app.db.t;
    return ctx.app.db.tenant(ctx.clientId, async (tx) => {
      const rows = await tx.select().from(interactiveFlows).where(eq(interactiveFlows.clientId, ctx.clientId)).orderBy(interactiveFlows.name);
      const versionIds = rows.map((row) => row.publishedVersionId).filter((id): id is string => id !== null);
      const versions = versionIds.length
        ? await tx
            .select({ id: flowVersions.id, version: flowVersions.version })
            .from(flowVersions)
            .where(and(eq(flowVersions.clientId, ctx.clientId), inArray(flowVersions.id, versionIds)))
        : [];
      const numbers = new Map(versions.map((version) => [version.id, version.version]));
      return rows.map((row) => flowSummary(row, row.publishedVersionId ? (numbers.get(row.publishedVersionId) ?? null) : null));
    });
  }),

  get: tenantProcedure.input(byId).query(async ({ ctx, input }) => {
    const row = await ctx.app.db.tenant(ctx.clientId, (tx) => loadFlowRow(ctx.app.db, tx, ctx.clientId, input.id));
    return viewOf(ctx.app, ctx.clientId, row);
  }),

  create: editor.input(z.object({ ...flowMetaFields, document: z.unknown().optional() })).mutation(async ({ ctx, input }) => {
    const row = await createFlow(ctx.app, ctx.clientId, {
      ...input,
      document: input.document === undefined ? undefined : parseDocumentInput(input.document),
      createdBy: ctx.session.userId,
    });
    ctx.audit.resourceId = row.id;
    return viewOf(ctx.app, ctx.clientId, row);
  }),

  updateDraft: editor
    .input(
      z.object({
        id: flowId,
        expectedRevision: z.number().int().min(1),
        document: z.unknown().optional(),
        name: flowMetaFields.name.optional(),
        description: flowMetaFields.description,
        triggerType: flowMetaFields.triggerType,
        triggerKeywords: flowMetaFields.triggerKeywords,
        triggerQrCode: flowMetaFields.triggerQrCode,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, document, ...rest } = input;
      const row = await updateFlowDraft(ctx.app, ctx.clientId, id, { ...rest, document: document === undefined ? undefined : parseDocumentInput(document) });
      return viewOf(ctx.app, ctx.clientId, row);
    }),

  rename: editor.input(z.object({ id: flowId, name: flowMetaFields.name })).mutation(async ({ ctx, input }) => {
    const { interactiveFlows } = ctx.app.db.t;
    const row = await ctx.app.db.tenant(ctx.clientId, async (tx) => {
      await loadFlowRow(ctx.app.db, tx, ctx.clientId, input.id);
      const [updated] = await tx
        .update(interactiveFlows)
        .set({ name: input.name, updatedAt: new Date() })
        .where(and(eq(interactiveFlows.id, input.id), eq(interactiveFlows.clientId, ctx.clientId)))
        .returning();
      return updated!;
    });
    return viewOf(ctx.app, ctx.clientId, row);
  }),

  delete: editor.input(byId).mutation(async ({ ctx, input }) => {
    await deleteFlow(ctx.app, ctx.clientId, input.id);
    return { ok: true };
  }),

  duplicate: editor.input(z.object({ id: flowId, name: flowMetaFields.name.optional() })).mutation(async ({ ctx, input }) => {
    const row = await duplicateFlow(ctx.app, ctx.clientId, input.id, { name: input.name, userId: ctx.session.userId });
    ctx.audit.resourceId = row.id;
    return viewOf(ctx.app, ctx.clientId, row);
  }),

  /** Every problem of the saved draft, or of a document the editor has not saved yet. */
  validate: tenantProcedure.input(z.object({ id: flowId.optional(), document: z.unknown().optional() })).query(async ({ ctx, input }) => {
    if (!input.id && input.document === undefined) throw new TRPCError({ code: 'BAD_REQUEST', message: 'give a flow id or a document' });
    return ctx.app.db.tenant(ctx.clientId, async (tx) => {
      const document =
        input.document !== undefined ? parseDocumentInput(input.document) : draftDocumentOf(await loadFlowRow(ctx.app.db, tx, ctx.clientId, input.id!));
      return { problems: validateFlow(document, { flowIds: await clientFlowIds(ctx.app, tx, ctx.clientId) }) };
    });
  }),

  publish: editor
    .input(z.object({ id: flowId, expectedRevision: z.number().int().min(1).optional() }))
    .mutation(({ ctx, input }) => publishFlow(ctx.app, ctx.clientId, input.id, { expectedRevision: input.expectedRevision, userId: ctx.session.userId })),

  versions: tenantProcedure.input(byId).query(({ ctx, input }) => listFlowVersions(ctx.app, ctx.clientId, input.id)),

  /** Differences between two versions, or a version and the draft ("draft"). */
  compare: tenantProcedure.input(z.object({ id: flowId, from: which, to: which })).query(async ({ ctx, input }) =>
    ctx.app.db.tenant(ctx.clientId, async (tx) => {
      const row = await loadFlowRow(ctx.app.db, tx, ctx.clientId, input.id);
      const [from, to] = [
        maskFlowSecrets(await flowDocumentAt(ctx.app, tx, row, input.from)),
        maskFlowSecrets(await flowDocumentAt(ctx.app, tx, row, input.to)),
      ];
      return diffFlowDocuments(from, to);
    }),
  ),

  restore: editor
    .input(z.object({ id: flowId, versionId: z.string().uuid('the version id must be a uuid'), expectedRevision: z.number().int().min(1) }))
    .mutation(async ({ ctx, input }) => {
      const row = await restoreFlowVersion(ctx.app, ctx.clientId, input.id, input.versionId, input.expectedRevision);
      return viewOf(ctx.app, ctx.clientId, row);
    }),

  export: tenantProcedure
    .input(z.object({ id: flowId, source: z.enum(['draft', 'published']).default('draft') }))
    .query(({ ctx, input }) => exportFlow(ctx.app, ctx.clientId, input.id, input.source)),

  import: editor.input(z.object({ file: z.unknown(), name: flowMetaFields.name.optional() })).mutation(async ({ ctx, input }) => {
    const row = await importFlow(ctx.app, ctx.clientId, input.file, { name: input.name, userId: ctx.session.userId });
    ctx.audit.resourceId = row.id;
    return viewOf(ctx.app, ctx.clientId, row);
  }),

  activate: editor.input(byId).mutation(({ ctx, input }) => setFlowActive(ctx.app, ctx.clientId, input.id, true)),
  deactivate: editor.input(byId).mutation(({ ctx, input }) => setFlowActive(ctx.app, ctx.clientId, input.id, false)),

  analytics: tenantProcedure
    .input(z.object({ id: flowId, versionId: z.string().uuid('the version id must be a uuid').optional(), since: z.iso.datetime().optional() }))
    .query(({ ctx, input }) =>
      flowAnalytics(ctx.app, ctx.clientId, input.id, { versionId: input.versionId, since: input.since ? new Date(input.since) : undefined }),
    ),

  /** An agent gives back a conversation a flow handed off: the flow resumes after its handoff block, or ends. */
  handBack: withRole('agent')
    .input(z.object({ conversationId: z.string().uuid('conversationId must be a uuid'), mode: z.enum(['resume', 'end']).optional() }))
    .mutation(async ({ ctx, input }) => {
      const result = await handBackConversation(ctx.app, ctx.clientId, input.conversationId, input.mode);
      if (!result) throw new TRPCError({ code: 'NOT_FOUND', message: 'conversation not found' });
      return { flow: result.flow, status: result.result?.outcome.status ?? null };
    }),

  /** The flows an agent may start for a conversation: published and active; manual-trigger flows first. */
  startable: withRole('agent').query(async ({ ctx }) => {
    const { interactiveFlows } = ctx.app.db.t;
    const rows = await ctx.app.db.tenant(ctx.clientId, (tx) =>
      tx
        .select({ id: interactiveFlows.id, name: interactiveFlows.name, triggerType: interactiveFlows.triggerType })
        .from(interactiveFlows)
        .where(and(eq(interactiveFlows.clientId, ctx.clientId), eq(interactiveFlows.isActive, true), isNotNull(interactiveFlows.publishedVersionId)))
        .orderBy(interactiveFlows.name),
    );
    return [...rows.filter((row) => row.triggerType === 'manual'), ...rows.filter((row) => row.triggerType !== 'manual')];
  }),

  /** The manual trigger: runs a published, active flow for a conversation that is with the bot. */
  startForConversation: withRole('agent')
    .input(z.object({ flowId, conversationId: z.string().uuid('conversationId must be a uuid') }))
    .mutation(({ ctx, input }) => startFlowManually(ctx.app, ctx.clientId, input)),

  simulate: router({
    start: withRole('agent')
      .input(z.object({ flowId, source: z.enum(['draft', 'published']).default('draft'), contactName: safeText().max(100).optional() }))
      .mutation(({ ctx, input }) => startSimulation(ctx.app, { clientId: ctx.clientId, userId: ctx.session.userId, ...input })),
    send: withRole('agent')
      .input(z.object({ sessionId: safeText().min(1), text: safeText().max(4096).nullable().optional(), choiceId: safeText().max(300).nullable().optional() }))
      .mutation(({ ctx, input }) => sendToSimulation(ctx.app, { clientId: ctx.clientId, ...input })),
    restart: withRole('agent')
      .input(z.object({ sessionId: safeText().min(1) }))
      .mutation(({ ctx, input }) => restartSimulation(ctx.app, { clientId: ctx.clientId, sessionId: input.sessionId })),
    handBack: withRole('agent')
      .input(z.object({ sessionId: safeText().min(1), mode: z.enum(['resume', 'end']).optional() }))
      .mutation(({ ctx, input }) => handBackSimulation(ctx.app, { clientId: ctx.clientId, ...input })),
  }),
});
