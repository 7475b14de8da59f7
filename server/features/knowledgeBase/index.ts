// The knowledgeBase feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { DEFAULT_CHUNKING, chunkDocument } from './chunking/chunkDocument.js';
export { parseMarkdown } from './parsing/parseMarkdown.js';
export { knowledgeContext, retrieveKnowledge } from './search/retrieveKnowledge.js';
export { type ChunkMetadata, toJson } from './store/chunkMetadata.js';
export { sourceIdFor } from './store/sourceIds.js';
