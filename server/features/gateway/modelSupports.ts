import type { ApiType } from '#shared/domain/statuses.js';
import type { ModelRow } from './gatewayState.js';

/** Whether a registry model serves this kind of call (chat when nothing else is declared). */
export function modelSupports(model: ModelRow, apiType: ApiType): boolean {
  const caps = model.capabilities;
  if (apiType === 'embeddings') return caps.embeddings === true;
  if (apiType === 'transcription') return caps.transcription === true;
  if (apiType === 'tts') return caps.speech === true;
  return caps.chat !== false && caps.embeddings !== true && caps.transcription !== true && caps.speech !== true;
}
