// Importing reads the file, upgrades and validates its document, and creates the flow in one insert:
// a file with errors is refused whole, never half-imported.
import { TRPCError } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import { hasErrors, validateFlow } from '#shared/flows/validateFlow.js';
import { describeIssues } from '#shared/flows/upgradeFlowDocument.js';
import { clientFlowIds } from './clientFlowIds.js';
import { createFlow } from './createFlow.js';
import { flowFileSchema } from './exportFlow.js';
import { parseDocumentInput } from './flowInputs.js';
import type { FlowRow } from './loadFlowRow.js';

export async function importFlow(app: AppContext, clientId: string, file: unknown, options: { name?: string; userId?: string | null }): Promise<FlowRow> {
  const parsed = flowFileSchema.safeParse(file);
  if (!parsed.success)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `this is not a flow file this server can read: ${describeIssues(parsed.error).slice(0, 5).join('; ')}`,
    });
  const document = parseDocumentInput(parsed.data.document);
  // Jumps to other flows name flow ids of the exporting client; here they must exist in this one.
  const flowIds = await app.db.tenant(clientId, (tx) => clientFlowIds(app, tx, clientId));
  const errors = validateFlow(document, { flowIds }).filter((problem) => problem.severity === 'error');
  if (hasErrors(errors)) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message:
        `the flow in this file has ${errors.length} problem(s), nothing was imported: ` +
        errors
          .slice(0, 10)
          .map((problem) => `${problem.blockId ? `[${problem.blockId}] ` : ''}${problem.message}`)
          .join('; '),
    });
  }
  const { flow } = parsed.data;
  return createFlow(app, clientId, {
    name: options.name ?? flow.name,
    description: flow.description ?? null,
    triggerType: flow.triggerType,
    triggerKeywords: flow.triggerKeywords,
    triggerQrCode: flow.triggerQrCode ?? null,
    document,
    createdBy: options.userId ?? null,
  });
}
