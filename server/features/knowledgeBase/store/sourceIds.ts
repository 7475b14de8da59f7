// A source is one uploaded file; its chunks share `documents.source_id`. The id is the file name
// (normalised), so uploading a file with the same name again replaces it. While a file is being
// ingested its new chunks are written under a staging id that search never reads; they replace
// the old chunks in one transaction at the end, so a cancelled or failed upload changes nothing.
import { randomUUID } from 'node:crypto';

export const STAGING_PREFIX = 'staging:';

export function sourceIdFor(fileName: string): string {
  return fileName.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export const newStagingId = (sourceId: string, jobId: string = randomUUID()) => `${STAGING_PREFIX}${jobId}:${sourceId}`;

export const isStagingId = (sourceId: string | null) => sourceId?.startsWith(STAGING_PREFIX) ?? false;
