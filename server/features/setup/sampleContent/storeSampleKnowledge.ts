// Stores the sample knowledge-base document. A fresh server has no embeddings provider yet (keys are
// added after the set-up), and the usual upload embeds in a background job that would fail and keep
// nothing. So the chunks are stored as text, with no vector and no embedding model: the document
// is listed in the knowledge base like any upload (and shows as needing embedding, as a source of
// another model does), search skips it until it is embedded, and re-embedding (choosing the model
// in the knowledge-base settings) embeds it with the rest.
import { createHash } from 'node:crypto';
import type { AppContext } from '#server/app/appContext.js';
import { chunkDocument, DEFAULT_CHUNKING } from '#server/features/knowledgeBase/index.js';
import { parseMarkdown } from '#server/features/knowledgeBase/index.js';
import { toJson, type ChunkMetadata } from '#server/features/knowledgeBase/index.js';
import { sourceIdFor } from '#server/features/knowledgeBase/index.js';

export async function storeSampleKnowledge(
  app: AppContext,
  clientId: string,
  userId: string,
  file: { fileName: string; markdown: string },
): Promise<{ sourceId: string; chunks: number }> {
  const bytes = Buffer.from(file.markdown, 'utf8');
  // Our own small file: parsed in-process (uploads of unknown files go through the worker).
  const document = parseMarkdown(file.markdown);
  const chunks = chunkDocument(document, DEFAULT_CHUNKING);
  const sourceId = sourceIdFor(file.fileName);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const uploadedAt = new Date().toISOString();
  const rows = chunks.map((chunk) => {
    const metadata: ChunkMetadata = {
      sourceFile: file.fileName,
      sourceFormat: 'markdown',
      title: chunk.headingPath.length ? chunk.headingPath.join(' › ') : document.title,
      documentTitle: document.title,
      headingPath: chunk.headingPath,
      position: chunk.position,
      chunkCount: chunks.length,
      pages: chunk.pages,
      rows: chunk.rows,
      tags: ['sample'],
      contentHash,
      sizeBytes: bytes.length,
      uploadedAt,
      uploadedBy: userId,
    };
    return { clientId, sourceId, content: chunk.content, metadata: toJson(metadata), embedding: null, embeddingModel: null, embeddingDimensions: null };
  });
  await app.db.tenant(clientId, (tx) => tx.insert(app.db.t.documents).values(rows));
  return { sourceId, chunks: rows.length };
}
