-- HNSW indexes for the knowledge base's similarity search. documents.embedding has no fixed
-- dimension (it follows each client's embedding model), so each index is on the embedding cast to
-- one dimension and covers only the rows of that dimension; searchChunks orders by exactly this
-- expression. pgvector indexes vector up to 2,000 dimensions and halfvec up to 4,000.
CREATE INDEX IF NOT EXISTS "documents_embedding_hnsw_256" ON "documents" USING hnsw ((embedding::vector(256)) vector_cosine_ops) WHERE embedding_dimensions = 256;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_embedding_hnsw_384" ON "documents" USING hnsw ((embedding::vector(384)) vector_cosine_ops) WHERE embedding_dimensions = 384;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_embedding_hnsw_512" ON "documents" USING hnsw ((embedding::vector(512)) vector_cosine_ops) WHERE embedding_dimensions = 512;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_embedding_hnsw_768" ON "documents" USING hnsw ((embedding::vector(768)) vector_cosine_ops) WHERE embedding_dimensions = 768;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_embedding_hnsw_1024" ON "documents" USING hnsw ((embedding::vector(1024)) vector_cosine_ops) WHERE embedding_dimensions = 1024;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_embedding_hnsw_1536" ON "documents" USING hnsw ((embedding::vector(1536)) vector_cosine_ops) WHERE embedding_dimensions = 1536;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "documents_embedding_hnsw_3072" ON "documents" USING hnsw ((embedding::halfvec(3072)) halfvec_cosine_ops) WHERE embedding_dimensions = 3072;
