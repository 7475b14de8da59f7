// Answers the model already gave for a customer's message that could not be stored or queued yet
// (the database was in trouble, so the inbox event is retried): the retry sends the remembered
// answer instead of asking (and paying) the model again. In memory, per process: when another
// process (or this one after a restart) retries the event, the answer was never stored anywhere,
// and the model is asked once more; that is the only case with a second model call.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';

export type RememberedAnswer = { answer: string; formatted: boolean };

const TTL_MS = 30 * 60_000;
const MAX_ENTRIES = 10_000;

export const answerMemo = perApp((_app: AppContext) => {
  const entries = new Map<string, RememberedAnswer & { at: number }>();
  return {
    get(messageId: string): RememberedAnswer | null {
      const entry = entries.get(messageId);
      if (!entry) return null;
      if (Date.now() - entry.at > TTL_MS) {
        entries.delete(messageId);
        return null;
      }
      return { answer: entry.answer, formatted: entry.formatted };
    },
    set(messageId: string, value: RememberedAnswer): void {
      entries.delete(messageId);
      entries.set(messageId, { ...value, at: Date.now() });
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    },
    delete(messageId: string): void {
      entries.delete(messageId);
    },
  };
});
