// What identifies one synthesis: the text (whitespace-normalised, NFC), voice, provider and model.
import { createHash } from 'node:crypto';

export const normaliseSpeechText = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

export function ttsCacheKey(input: { text: string; voice: string; provider: string; model: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([normaliseSpeechText(input.text), input.voice, input.provider, input.model]))
    .digest('hex');
}
