// Two live flows must never answer the same message: publishing or activating a flow, or editing
// the triggers of a live one, is refused when another active flow of the client already has one of
// its keywords, or when both start every new conversation ("always"), naming that flow, instead of
// letting the older flow silently win.
import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { lockClientRow } from '#server/db/dialect.js';
import { refusal } from '#server/trpc/refusal.js';
import { normalizeText } from '#shared/flows/normalizeText.js';
import type { FlowRow } from './loadFlowRow.js';

type Triggers = Pick<FlowRow, 'id' | 'triggerType' | 'triggerKeywords'>;

/**
 * Throws CONFLICT (reason trigger_taken) when `row`'s trigger overlaps an active flow of the same
 * client. The client's row is locked first, so two flows published or edited at the same moment
 * take turns and the second sees the first's triggers.
 */
export async function assertNoTriggerConflict(app: AppContext, tx: Tx, clientId: string, row: Triggers): Promise<void> {
  await lockClientRow(app.db, tx, clientId);
  if (row.triggerType === 'always') return assertNoOtherAlways(app, tx, clientId, row.id);
  if (row.triggerType !== 'keyword' || row.triggerKeywords.length === 0) return;
  const others = await otherActive(app, tx, clientId, row.id, 'keyword');
  const mine = new Map(row.triggerKeywords.map((keyword) => [normalizeText(keyword), keyword]));
  for (const other of others) {
    const shared = other.keywords.filter((keyword) => mine.has(normalizeText(keyword)));
    if (shared.length === 0) continue;
    const listed = shared.map((keyword) => `"${keyword}"`).join(', ');
    throw refusal(
      'CONFLICT',
      'trigger_taken',
      `the active flow "${other.name}" already starts with ${shared.length === 1 ? 'the keyword' : 'the keywords'} ${listed}: remove ${shared.length === 1 ? 'it' : 'them'} from one of the two flows, or deactivate "${other.name}" first`,
    );
  }
}

async function assertNoOtherAlways(app: AppContext, tx: Tx, clientId: string, flowId: string): Promise<void> {
  const [other] = await otherActive(app, tx, clientId, flowId, 'always');
  if (!other) return;
  throw refusal(
    'CONFLICT',
    'trigger_taken',
    `the active flow "${other.name}" already starts on every new conversation: only one flow can; change its trigger, or deactivate "${other.name}" first`,
  );
}

function otherActive(app: AppContext, tx: Tx, clientId: string, flowId: string, triggerType: 'keyword' | 'always') {
  const { interactiveFlows } = app.db.t;
  return tx
    .select({ name: interactiveFlows.name, keywords: interactiveFlows.triggerKeywords })
    .from(interactiveFlows)
    .where(
      and(
        eq(interactiveFlows.clientId, clientId),
        eq(interactiveFlows.isActive, true),
        eq(interactiveFlows.triggerType, triggerType),
        ne(interactiveFlows.id, flowId),
      ),
    )
    .orderBy(interactiveFlows.name);
}
