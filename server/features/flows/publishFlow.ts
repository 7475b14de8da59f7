// Publishing validates the draft, stores it as an immutable, numbered version and makes the flow
// live (its triggers on) in the same transaction: one step, refused whole when another active flow
// has the same keywords. Executions started before keep running the version they started with.
// Turning the triggers off again is separate (setFlowActive).
import { TRPCError } from '@trpc/server';
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import { hasErrors, validateFlow, type FlowProblem } from '#shared/flows/validateFlow.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import { clientFlowIds } from './clientFlowIds.js';
import { draftDocumentOf, loadFlowRow } from './loadFlowRow.js';
import { assertNoTriggerConflict } from './triggerConflicts.js';

export type Published = { versionId: string; version: number; warnings: FlowProblem[] };

export async function publishFlow(
  app: AppContext,
  clientId: string,
  flowId: string,
  options: { expectedRevision?: number; userId?: string | null },
): Promise<Published> {
  const { interactiveFlows, flowVersions } = app.db.t;
  try {
    return await app.db.tenant(clientId, async (tx) => {
      const row = await loadFlowRow(app.db, tx, clientId, flowId);
      if (options.expectedRevision !== undefined && options.expectedRevision !== row.draftRevision) {
        throw new TRPCError({
          code: 'CONFLICT',
          message: `the draft changed since you opened it (revision ${options.expectedRevision} → ${row.draftRevision}); review it before publishing`,
        });
      }
      const document = draftDocumentOf(row);
      const problems = validateFlow(document, { flowIds: await clientFlowIds(app, tx, clientId) });
      if (hasErrors(problems)) {
        const errors = problems.filter((problem) => problem.severity === 'error');
        throw new TRPCError({
          code: 'PRECONDITION_FAILED',
          message:
            `the flow has ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix before publishing: ` +
            errors
              .slice(0, 10)
              .map((problem) => problem.message)
              .join('; '),
        });
      }
      await assertNoTriggerConflict(app, tx, clientId, row);
      const [last] = await tx
        .select({ version: sql<number>`coalesce(max(${flowVersions.version}), 0)` })
        .from(flowVersions)
        .where(and(eq(flowVersions.flowId, flowId), eq(flowVersions.clientId, clientId)));
      const version = Number(last?.version ?? 0) + 1;
      const [stored] = await tx
        .insert(flowVersions)
        .values({
          clientId,
          flowId,
          version,
          name: row.name,
          document: document as unknown as JsonObject,
          schemaVersion: document.schemaVersion,
          publishedBy: options.userId ?? null,
        })
        .returning({ id: flowVersions.id });
      await tx
        .update(interactiveFlows)
        .set({ publishedVersionId: stored!.id, isActive: true, updatedAt: new Date() })
        .where(and(eq(interactiveFlows.id, flowId), eq(interactiveFlows.clientId, clientId)));
      return { versionId: stored!.id, version, warnings: problems };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'version'))
      throw new TRPCError({ code: 'CONFLICT', message: 'someone published this flow at the same moment; reload and try again' });
    throw error;
  }
}
