// One gateway_usage_logs row per call (answered, cached or failed), and for calls that cost
// something a usage_logs row under its source, the per-source totals the dashboards sum. A batch
// of calls writes its rows with one insert per table.
import type { AppContext } from '#server/app/appContext.js';
import type { ApiType } from '#shared/domain/statuses.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import { formatDec, type Dec } from './money.js';
import type { NormalisedUsage } from './normaliseUsage.js';

export type UsageLogEntry = {
  clientId: string;
  conversationId: string | null;
  phone: string | null;
  requestId: string;
  apiType: ApiType;
  modelRegistryId: string | null;
  clientBudgetId: string | null;
  provider: string;
  modelName: string;
  usage: NormalisedUsage;
  latencyMs: number;
  wasCached: boolean;
  wasFallback: boolean;
  costUsd: Dec;
  costBrl: Dec;
  metadata: JsonObject;
  error: JsonObject | null;
};

/** usage_logs.source: the provider, or "whisper" for speech-to-text as the seed's sources have it. */
export const usageSource = (apiType: ApiType, provider: string) => (apiType === 'transcription' ? 'whisper' : apiType === 'tts' ? 'tts' : provider);

export async function writeUsageLogs(app: AppContext, tx: Tx, entries: UsageLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const { gatewayUsageLogs, usageLogs } = app.db.t;
  await tx.insert(gatewayUsageLogs).values(
    entries.map((entry) => ({
      clientId: entry.clientId,
      conversationId: entry.conversationId,
      phone: entry.phone,
      requestId: entry.requestId,
      modelRegistryId: entry.modelRegistryId,
      clientBudgetId: entry.clientBudgetId,
      provider: entry.provider,
      modelName: entry.modelName,
      inputTokens: entry.usage.inputTokens,
      outputTokens: entry.usage.outputTokens,
      cachedTokens: entry.usage.cachedTokens,
      totalTokens: entry.usage.totalTokens,
      latencyMs: entry.latencyMs,
      wasCached: entry.wasCached,
      wasFallback: entry.wasFallback,
      costUsd: formatDec(entry.costUsd),
      costBrl: formatDec(entry.costBrl),
      metadata: entry.metadata,
      errorDetails: entry.error,
      apiType: entry.apiType,
    })),
  );
  const billed = entries.filter((entry) => !entry.error && !entry.wasCached);
  if (billed.length === 0) return;
  await tx.insert(usageLogs).values(
    billed.map((entry) => ({
      clientId: entry.clientId,
      conversationId: entry.conversationId,
      phone: entry.phone,
      source: usageSource(entry.apiType, entry.provider),
      model: entry.modelName,
      promptTokens: entry.usage.inputTokens,
      completionTokens: entry.usage.outputTokens,
      tokensUsed: entry.usage.totalTokens,
      costUsd: formatDec(entry.costUsd),
      costBrl: formatDec(entry.costBrl),
      metadata: { api_type: entry.apiType, request_id: entry.requestId, provider: entry.provider },
    })),
  );
}
