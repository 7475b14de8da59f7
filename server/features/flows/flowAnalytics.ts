// Per block: how many executions reached it and how many stopped there (Typebot's drop-off).
// "Stopped" = the execution expired or failed while at that block; executions still waiting there
// are counted apart, since they may yet go on.
import { and, desc, eq, gte } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { FlowExecutionStatus } from '#shared/domain/statuses.js';
import { loadFlowRow } from './loadFlowRow.js';

const ROWS_MAX = 100_000;

export type BlockStats = { blockId: string; reached: number; dropped: number; waiting: number; handedOff: number; dropRate: number };

export async function flowAnalytics(app: AppContext, clientId: string, flowId: string, options: { versionId?: string; since?: Date } = {}) {
  const { flowExecutions } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    await loadFlowRow(app.db, tx, clientId, flowId);
    const rows = await tx
      .select({ status: flowExecutions.status, currentBlockId: flowExecutions.currentBlockId, visited: flowExecutions.visitedBlocks })
      .from(flowExecutions)
      .where(
        and(
          eq(flowExecutions.clientId, clientId),
          eq(flowExecutions.flowId, flowId),
          options.versionId ? eq(flowExecutions.flowVersionId, options.versionId) : undefined,
          options.since ? gte(flowExecutions.startedAt, options.since) : undefined,
        ),
      )
      .orderBy(desc(flowExecutions.startedAt))
      .limit(ROWS_MAX);
    const byBlock = new Map<string, BlockStats>();
    const stats = (blockId: string) => {
      let entry = byBlock.get(blockId);
      if (!entry) byBlock.set(blockId, (entry = { blockId, reached: 0, dropped: 0, waiting: 0, handedOff: 0, dropRate: 0 }));
      return entry;
    };
    const totals: Record<FlowExecutionStatus, number> = { running: 0, waiting_input: 0, waiting_delay: 0, completed: 0, handed_off: 0, expired: 0, failed: 0 };
    for (const row of rows) {
      totals[row.status]++;
      for (const blockId of row.visited) stats(blockId).reached++;
      if (!row.currentBlockId) continue;
      if (row.status === 'expired' || row.status === 'failed') stats(row.currentBlockId).dropped++;
      else if (row.status === 'waiting_input' || row.status === 'waiting_delay' || row.status === 'running') stats(row.currentBlockId).waiting++;
      else if (row.status === 'handed_off') stats(row.currentBlockId).handedOff++;
    }
    const blocks = [...byBlock.values()].map((entry) => ({ ...entry, dropRate: entry.reached ? entry.dropped / entry.reached : 0 }));
    return { executions: rows.length, totals, blocks, truncated: rows.length === ROWS_MAX };
  });
}
