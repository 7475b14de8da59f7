// What each chunk row's `metadata` says about where it came from: enough to cite it ("manual.pdf,
// page 3, Refunds") and to list the sources without another table.
import type { DocumentMetadata, JsonObject } from '#server/db/json-types.js';
import type { DocumentFormat } from '../parsing/parsedDocument.js';

export type ChunkMetadata = {
  sourceFile: string;
  sourceFormat: DocumentFormat;
  /** The heading path of the chunk ("Policies › Refunds"), or the document's title. */
  title: string | null;
  documentTitle: string | null;
  headingPath: string[];
  position: number;
  chunkCount: number;
  pages: [number, number] | null;
  rows: [number, number] | null;
  tags: string[];
  /** sha256 of the uploaded bytes: an identical re-upload is recognised. */
  contentHash: string;
  sizeBytes: number;
  uploadedAt: string;
  uploadedBy: string | null;
};

export const toJson = (metadata: ChunkMetadata): DocumentMetadata => metadata as unknown as JsonObject;

export function readMetadata(value: unknown): Partial<ChunkMetadata> {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as Partial<ChunkMetadata>;
    } catch {
      return {};
    }
  }
  return (value && typeof value === 'object' ? value : {}) as Partial<ChunkMetadata>;
}
