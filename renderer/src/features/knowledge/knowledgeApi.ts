import type { RouterOutputs } from '#renderer/api/createApiClient';

export type JobView = RouterOutputs['knowledgeBase']['job'];
export type SourceView = RouterOutputs['knowledgeBase']['sources'][number];
export type TryResult = RouterOutputs['knowledgeBase']['tryQuestion'];

export const knowledgeKeys = {
  sources: ['knowledgeBase', 'sources'] as const,
  jobs: ['knowledgeBase', 'jobs'] as const,
  settings: ['knowledgeBase', 'settings'] as const,
};

/** A File's bytes as base64 (the upload procedure's transport), in slices so large files do not blow the stack. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
