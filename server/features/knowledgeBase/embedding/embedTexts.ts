// Embeddings through the AI gateway (budgeted, logged with api_type "embeddings" and its cost).
// Never with fallbacks: another model's vectors live in another space and would silently ruin
// the search, so a failing embeddings model fails the job instead.
import type { AppContext } from '#server/app/appContext.js';
import { getGateway } from '#server/features/gateway/index.js';

export type Embedded = { vectors: number[][]; model: string; dimensions: number; costUsd: string };

export async function embedTexts(
  app: AppContext,
  input: {
    clientId: string;
    texts: string[];
    model: string;
    dimensions: number | null;
    signal?: AbortSignal;
    cache?: boolean;
    conversationId?: string | null;
    caller?: string;
  },
): Promise<Embedded> {
  const result = await getGateway(app).embed({
    clientId: input.clientId,
    conversationId: input.conversationId ?? null,
    caller: input.caller ?? 'knowledge_base',
    model: input.model,
    input: input.texts,
    ...(input.dimensions ? { dimensions: input.dimensions } : {}),
    fallback: false,
    cache: input.cache ?? false,
    signal: input.signal,
  });
  const dimensions = result.embeddings[0]?.length ?? 0;
  if (result.embeddings.length !== input.texts.length || dimensions === 0 || result.embeddings.some((vector) => vector.length !== dimensions)) {
    throw new Error(`the embeddings model ${result.model} returned ${result.embeddings.length} vectors of uneven or zero size for ${input.texts.length} texts`);
  }
  return { vectors: result.embeddings, model: result.model, dimensions, costUsd: result.costUsd };
}
