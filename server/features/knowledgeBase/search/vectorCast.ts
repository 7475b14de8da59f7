// documents.embedding is an untyped pgvector column (the dimension follows each client's model),
// and an HNSW index needs a fixed dimension. So the indexes are on an expression, one per common
// dimension, partial on `embedding_dimensions` (migration 00xx_documents_hnsw): a query uses one
// when it orders by exactly the same expression and filters on the same dimension. pgvector
// indexes `vector` up to 2,000 dimensions and `halfvec` up to 4,000 (text-embedding-3-large's
// 3,072 fits as halfvec); larger embeddings are searched exactly, without an index.
export const INDEXED_DIMENSIONS = [256, 384, 512, 768, 1024, 1536, 3072] as const;

export function vectorCast(dimensions: number): string {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16_000) throw new Error(`invalid embedding dimension ${dimensions}`);
  return dimensions <= 2000 ? `vector(${dimensions})` : dimensions <= 4000 ? `halfvec(${dimensions})` : `vector(${dimensions})`;
}
