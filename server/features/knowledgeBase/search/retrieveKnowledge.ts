// The retrieval the bot's reply, the flows' AI block and the "try a question" panel use: the
// question embedded with the client's model (through the gateway), then the nearest chunks of
// that client only. A client without knowledge costs one cheap query and no embedding call.
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { embedTexts } from '../embedding/embedTexts.js';
import { readKnowledgeSettings } from '../settings/knowledgeSettings.js';
import { searchChunks, type ScoredChunk } from './searchChunks.js';

export type RetrieveInput = {
  clientId: string;
  question: string;
  topK?: number;
  minScore?: number;
  keyword?: string | null;
  sourceIds?: string[] | null;
  conversationId?: string | null;
  caller?: string;
  /** Ignore the client's "enabled" switch (the try-a-question panel works while it is off). */
  evenIfDisabled?: boolean;
  /** Groups the retrieval's log row with the answer's other steps (execution_logs.execution_id). */
  executionId?: string;
  phone?: string | null;
};

export type RetrievedChunk = {
  id: number;
  sourceId: string;
  sourceFile: string;
  title: string | null;
  pages: [number, number] | null;
  rows: [number, number] | null;
  position: number | null;
  score: number;
  content: string;
};

export type Retrieval = { chunks: RetrievedChunk[]; model: string | null; searchedChunks: boolean; costUsd: string };

export async function retrieveKnowledge(app: AppContext, input: RetrieveInput): Promise<Retrieval> {
  const question = input.question.trim();
  // One transaction for the two looks every answer takes, knowledge or not.
  const { settings, stocked } = await app.db.tenant(input.clientId, async (tx) => {
    const settings = await readKnowledgeSettings(app.db, input.clientId, tx);
    const wanted = question !== '' && (settings.enabled || input.evenIfDisabled === true);
    return { settings, stocked: wanted && (await hasKnowledge(app, tx, input.clientId, settings.embeddingModel)) };
  });
  const none: Retrieval = { chunks: [], model: settings.embeddingModel, searchedChunks: false, costUsd: '0' };
  if (!stocked) return none;

  const embedded = await embedTexts(app, {
    clientId: input.clientId,
    texts: [question],
    model: settings.embeddingModel,
    dimensions: settings.embeddingDimensions,
    cache: true,
    conversationId: input.conversationId ?? null,
    caller: input.caller ?? 'knowledge_base',
  });
  const started = Date.now();
  const found = await searchChunks(app.db, input.clientId, {
    vector: embedded.vectors[0]!,
    model: settings.embeddingModel,
    topK: input.topK ?? settings.topK,
    minScore: input.minScore ?? settings.minScore,
    keyword: input.keyword ?? null,
    sourceIds: input.sourceIds ?? null,
  });
  const chunks = found.map(toRetrieved);
  await logRetrieval(app, input, question, chunks, Date.now() - started);
  return { chunks, model: embedded.model, searchedChunks: true, costUsd: embedded.costUsd };
}

/** The answer's log says which chunks it was given: one execution_logs row per retrieval. */
async function logRetrieval(app: AppContext, input: RetrieveInput, question: string, chunks: RetrievedChunk[], durationMs: number): Promise<void> {
  const { executionLogs } = app.db.t;
  await app.db
    .tenant(input.clientId, (tx) =>
      tx.insert(executionLogs).values({
        clientId: input.clientId,
        executionId: input.executionId ?? randomUUID(),
        nodeName: 'knowledge_retrieval',
        status: chunks.length ? 'success' : 'skipped',
        conversationId: input.conversationId ?? null,
        phone: input.phone ?? null,
        inputData: { question: question.slice(0, 2000), caller: input.caller ?? 'knowledge_base' },
        outputData: {
          chunks: chunks.map((chunk) => ({ id: chunk.id, sourceId: chunk.sourceId, sourceFile: chunk.sourceFile, title: chunk.title, score: chunk.score })),
        },
        durationMs,
      }),
    )
    .catch((error: unknown) => app.log.warn({ err: error }, 'knowledge retrieval log not written'));
}

async function hasKnowledge(app: AppContext, tx: Tx, clientId: string, model: string): Promise<boolean> {
  const { documents } = app.db.t;
  const rows = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.clientId, clientId), eq(documents.embeddingModel, model), isNotNull(documents.sourceId)))
    .limit(1);
  return rows.length > 0;
}

function toRetrieved(chunk: ScoredChunk): RetrievedChunk {
  return {
    id: chunk.id,
    sourceId: chunk.sourceId,
    sourceFile: chunk.metadata.sourceFile ?? chunk.sourceId,
    title: chunk.metadata.title ?? null,
    pages: chunk.metadata.pages ?? null,
    rows: chunk.metadata.rows ?? null,
    position: chunk.metadata.position ?? null,
    score: Math.round(chunk.score * 10_000) / 10_000,
    content: chunk.content,
  };
}

/** The chunks as a block of the system prompt, each with where it came from. */
export function knowledgeContext(chunks: RetrievedChunk[]): string {
  if (chunks.length === 0) return '';
  const parts = chunks.map((chunk, index) => {
    const where = [chunk.sourceFile, chunk.pages ? `page ${chunk.pages[0]}${chunk.pages[1] !== chunk.pages[0] ? `-${chunk.pages[1]}` : ''}` : null]
      .filter(Boolean)
      .join(', ');
    return `[${index + 1}] (${where})\n${chunk.content}`;
  });
  return (
    `Use the following excerpts from the business's knowledge base when they answer the question; ` +
    `do not invent facts that are not in them.\n\n${parts.join('\n\n')}`
  );
}
