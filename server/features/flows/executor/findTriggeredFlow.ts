import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { KeywordMatch } from '#shared/flows/flowDocument.js';
import { matchKeyword, matchQrCode } from '#shared/flows/matchTrigger.js';
import type { EngineFlow } from '../engine/flowPorts.js';
import { loadFlowVersion } from '../loadFlowVersion.js';

/**
 * The active, published flow a message in `bot` state starts: a QR code's text first (it is exact),
 * then keywords, then a flow set to start on any message. Among equals, the oldest flow wins, so
 * adding a flow never steals an existing one's customers.
 */
export async function findTriggeredFlow(
  app: AppContext,
  clientId: string,
  text: string | null,
  phoneNumberId: string | null = null,
): Promise<EngineFlow | null> {
  const { interactiveFlows, whatsappNumbers } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    // A number limited to some flows (whatsapp_numbers.flow_ids) starts only those.
    const [number] = phoneNumberId
      ? await tx
          .select({ flowIds: whatsappNumbers.flowIds })
          .from(whatsappNumbers)
          .where(and(eq(whatsappNumbers.clientId, clientId), eq(whatsappNumbers.phoneNumberId, phoneNumberId)))
      : [];
    const allowed = number?.flowIds ? new Set(number.flowIds) : null;
    const all = await tx
      .select({
        id: interactiveFlows.id,
        triggerType: interactiveFlows.triggerType,
        keywords: interactiveFlows.triggerKeywords,
        qrCode: interactiveFlows.triggerQrCode,
        versionId: interactiveFlows.publishedVersionId,
        settings: interactiveFlows.settings,
      })
      .from(interactiveFlows)
      .where(and(eq(interactiveFlows.clientId, clientId), eq(interactiveFlows.isActive, true), isNotNull(interactiveFlows.publishedVersionId)))
      .orderBy(asc(interactiveFlows.createdAt), asc(interactiveFlows.id));
    const flows = allowed ? all.filter((flow) => allowed.has(flow.id)) : all;
    if (flows.length === 0) return null;
    const message = text ?? '';
    const chosen =
      flows.find((flow) => flow.triggerType === 'qr_code' && matchQrCode(message, flow.qrCode)) ??
      flows.find((flow) => flow.triggerType === 'keyword' && matchKeyword(message, flow.keywords, keywordMatchOf(flow.settings))) ??
      flows.find((flow) => flow.triggerType === 'always');
    return chosen ? loadFlowVersion(app, tx, clientId, chosen.versionId!) : null;
  });
}

/** The draft's keyword mode is a trigger setting: it applies as soon as it is saved, like the keywords. */
function keywordMatchOf(settings: Record<string, unknown>): KeywordMatch {
  const value = settings.keywordMatch;
  return value === 'contains' || value === 'starts_with' ? value : 'equals';
}
