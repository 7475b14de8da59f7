// Text to speech with a cache: tts_cache holds one row per (client, hash of text + voice +
// provider + model), and the unique index on (client_id, text_hash) makes "insert or wait" safe:
//   - a ready row (audio_url set, file present) is a hit: counted, logged as from_cache;
//   - no row: insert a pending row (audio_url '') — whoever inserts it generates, everyone else
//     who raced waits for it to become ready (polling; same-process callers share one promise);
//   - a pending row older than STALE_MS (its generator died) is taken over by one waiter, decided
//     by a conditional update; a failed generation deletes its pending row so a later call retries.
// So identical requests are generated once, even across processes and PostgreSQL instances.
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tables } from '#server/db/tables.js';
import { getGateway } from '#server/features/gateway/index.js';
import { gatewayState, resolveModel } from '#server/features/gateway/index.js';
import { estimateSpeechSeconds, oggOpusDuration } from './oggDuration.js';
import { normaliseSpeechText, ttsCacheKey } from './ttsCacheKey.js';
import { readTtsFile, ttsRelativePath, writeTtsFile } from './ttsFiles.js';

export const STALE_MS = 120_000;
const POLL_MS = 50;
const WAIT_LIMIT_MS = STALE_MS + 30_000;

export type SpeechRequest = { clientId: string; text: string; voice: string; model: string; conversationId?: string | null; messageId?: string | null };
export type Speech = {
  audio: Buffer;
  mimeType: 'audio/ogg';
  cacheId: string;
  textHash: string;
  durationSeconds: number;
  fromCache: boolean;
  usageLogId: string;
  provider: string;
  model: string;
  costUsd: string;
};

type CacheRow = Tables['ttsCache']['$inferSelect'];

const inFlight = perApp((_app: AppContext) => new Map<string, Promise<unknown>>());

export async function synthesizeSpeech(app: AppContext, request: SpeechRequest): Promise<Speech> {
  const text = normaliseSpeechText(request.text);
  if (!text) throw new Error('there is no text to speak');
  const state = await gatewayState(app).get();
  const resolved = resolveModel(state, request.model);
  const provider = resolved?.provider ?? request.model.split('/')[0] ?? 'unknown';
  const model = resolved?.modelName ?? request.model;
  const textHash = ttsCacheKey({ text, voice: request.voice, provider, model });
  const key = `${request.clientId}:${textHash}`;

  // Same-process racers wait on the one generation instead of polling the database.
  const flights = inFlight(app);
  const running = flights.get(key);
  if (running) await running.catch(() => undefined);

  const attempt = obtain(app, { ...request, text, provider, model, textHash });
  if (!running) {
    flights.set(key, attempt);
    void attempt
      .catch(() => undefined)
      .finally(() => {
        if (flights.get(key) === attempt) flights.delete(key);
      });
  }
  return attempt;
}

type Resolved = SpeechRequest & { provider: string; model: string; textHash: string };

async function obtain(app: AppContext, request: Resolved): Promise<Speech> {
  const { ttsCache } = app.db.t;
  const started = Date.now();
  for (;;) {
    const row = await readRow(app, request);
    if (row && row.audioUrl !== '') {
      const audio = await readTtsFile(app, row.audioUrl);
      if (audio) return hit(app, request, row, audio);
      // The row says ready but the file is gone (data folder restored without it): regenerate.
      const claimed = await claim(app, request, row, eq(ttsCache.audioUrl, row.audioUrl));
      if (claimed) return generate(app, request, claimed);
      continue;
    }
    if (row) {
      if (Date.now() - row.updatedAt.getTime() > STALE_MS) {
        const claimed = await claim(app, request, row, and(eq(ttsCache.audioUrl, ''), lt(ttsCache.updatedAt, new Date(Date.now() - STALE_MS)))!);
        if (claimed) return generate(app, request, claimed);
      }
    } else {
      const [inserted] = await app.db.tenant(request.clientId, (tx) =>
        tx
          .insert(ttsCache)
          .values({
            clientId: request.clientId,
            textHash: request.textHash,
            text: request.text,
            voice: request.voice,
            provider: request.provider,
            model: request.model,
            audioUrl: '',
            audioFormat: 'ogg',
          })
          .onConflictDoNothing()
          .returning(),
      );
      if (inserted) return generate(app, request, inserted);
      continue; // someone else inserted it first: read it again
    }
    if (Date.now() - started > WAIT_LIMIT_MS) throw new Error('waited too long for the same speech being generated elsewhere');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function readRow(app: AppContext, request: Resolved): Promise<CacheRow | undefined> {
  const { ttsCache } = app.db.t;
  const [row] = await app.db.tenant(request.clientId, (tx) =>
    tx
      .select()
      .from(ttsCache)
      .where(and(eq(ttsCache.clientId, request.clientId), eq(ttsCache.textHash, request.textHash))),
  );
  return row;
}

/**
 * Takes a row over for generation. The condition no longer holds once one racer's update has
 * run (audio_url is cleared, or updated_at is fresh), so only one of several racers wins.
 */
async function claim(app: AppContext, request: Resolved, row: CacheRow, condition: SQL): Promise<CacheRow | null> {
  const { ttsCache } = app.db.t;
  const [claimed] = await app.db.tenant(request.clientId, (tx) =>
    tx
      .update(ttsCache)
      .set({ audioUrl: '', updatedAt: new Date() })
      .where(and(eq(ttsCache.id, row.id), condition))
      .returning(),
  );
  return claimed ?? null;
}

async function generate(app: AppContext, request: Resolved, row: CacheRow): Promise<Speech> {
  const { ttsCache } = app.db.t;
  let result;
  try {
    result = await getGateway(app).speech({
      clientId: request.clientId,
      conversationId: request.conversationId ?? null,
      caller: 'voice',
      model: request.model.includes('/') ? request.model : `${request.provider}/${request.model}`,
      input: request.text,
      voice: request.voice,
      format: 'opus',
      fallback: false,
    });
  } catch (error) {
    // Let the next request try again rather than wait for a generation that will never come.
    await app.db.tenant(request.clientId, (tx) => tx.delete(ttsCache).where(and(eq(ttsCache.id, row.id), eq(ttsCache.audioUrl, '')))).catch(() => undefined);
    throw error;
  }
  const relative = ttsRelativePath(request.clientId, request.textHash);
  await writeTtsFile(app, relative, result.audio);
  const durationSeconds = oggOpusDuration(result.audio) ?? estimateSpeechSeconds(request.text);
  const now = new Date();
  const [ready] = await app.db.tenant(request.clientId, (tx) =>
    tx
      .update(ttsCache)
      .set({
        audioUrl: relative,
        audioFormat: 'ogg',
        sizeBytes: result.audio.length,
        durationSeconds: Math.ceil(durationSeconds),
        lastUsedAt: now,
      })
      .where(eq(ttsCache.id, row.id))
      .returning(),
  );
  const usageLogId = await logUsage(app, request, { fromCache: false, durationSeconds, costUsd: result.costUsd, costBrl: result.costBrl });
  return {
    audio: result.audio,
    mimeType: 'audio/ogg',
    cacheId: (ready ?? row).id,
    textHash: request.textHash,
    durationSeconds,
    fromCache: false,
    usageLogId,
    provider: request.provider,
    model: request.model,
    costUsd: result.costUsd,
  };
}

async function hit(app: AppContext, request: Resolved, row: CacheRow, audio: Buffer): Promise<Speech> {
  const { ttsCache } = app.db.t;
  await app.db.tenant(request.clientId, (tx) =>
    tx
      .update(ttsCache)
      .set({ hitCount: sql`${ttsCache.hitCount} + 1`, lastUsedAt: new Date() })
      .where(eq(ttsCache.id, row.id)),
  );
  const durationSeconds = row.durationSeconds ?? estimateSpeechSeconds(request.text);
  const usageLogId = await logUsage(app, request, { fromCache: true, durationSeconds, costUsd: '0', costBrl: '0' });
  return {
    audio,
    mimeType: 'audio/ogg',
    cacheId: row.id,
    textHash: request.textHash,
    durationSeconds,
    fromCache: true,
    usageLogId,
    provider: request.provider,
    model: request.model,
    costUsd: '0',
  };
}

async function logUsage(
  app: AppContext,
  request: Resolved,
  usage: { fromCache: boolean; durationSeconds: number; costUsd: string; costBrl: string },
): Promise<string> {
  const { ttsUsageLogs } = app.db.t;
  const [row] = await app.db.tenant(request.clientId, (tx) =>
    tx
      .insert(ttsUsageLogs)
      .values({
        clientId: request.clientId,
        conversationId: request.conversationId ?? null,
        messageId: request.messageId ?? null,
        provider: request.provider,
        model: request.model,
        voice: request.voice,
        characters: [...request.text].length,
        durationSeconds: Math.ceil(usage.durationSeconds),
        costUsd: usage.costUsd,
        costBrl: usage.costBrl,
        fromCache: usage.fromCache,
      })
      .returning({ id: ttsUsageLogs.id }),
  );
  return row!.id;
}
