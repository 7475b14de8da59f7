// Per-key rate limit: a fixed window counted by one upsert in the database (so every instance
// shares the count); over the limit the answer is 429 with Retry-After (the window's end).
import { lt, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { ApiKeyIdentity } from '../openaiCompat/index.js';
import { ApiError } from './apiError.js';
import { publicApiSettings } from './publicApiSettings.js';

const cleanup = perApp((_app: AppContext) => ({ last: 0 }));

export async function enforceRateLimit(
  app: AppContext,
  identity: ApiKeyIdentity,
  now = new Date(),
): Promise<{ limit: number; remaining: number; resetAt: Date }> {
  const { requestsPerWindow, windowMs, idempotencyTtlMs } = publicApiSettings(app);
  const { apiRateWindows, apiIdempotencyKeys } = app.db.t;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const resetAt = new Date(windowStart.getTime() + windowMs);
  const [row] = await app.db.tenant(identity.clientId, (tx) =>
    tx
      .insert(apiRateWindows)
      .values({ clientId: identity.clientId, apiKeyId: identity.keyId, windowStart, requests: 1 })
      .onConflictDoUpdate({ target: [apiRateWindows.apiKeyId, apiRateWindows.windowStart], set: { requests: sql`${apiRateWindows.requests} + 1` } })
      .returning({ requests: apiRateWindows.requests }),
  );
  const state = cleanup(app);
  if (now.getTime() - state.last > windowMs) {
    state.last = now.getTime();
    // Old windows and expired idempotency records, for every client (platform context), now and then.
    await app.db
      .system(async (tx) => {
        await tx.delete(apiRateWindows).where(lt(apiRateWindows.windowStart, new Date(windowStart.getTime() - windowMs)));
        await tx.delete(apiIdempotencyKeys).where(lt(apiIdempotencyKeys.createdAt, new Date(now.getTime() - idempotencyTtlMs)));
      })
      .catch((error: unknown) => app.log.warn({ err: error }, 'public API: cleaning old rate windows failed'));
  }
  const used = row!.requests;
  const info = { limit: requestsPerWindow, remaining: Math.max(0, requestsPerWindow - used), resetAt };
  if (used > requestsPerWindow) {
    const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
    throw new ApiError(429, 'rate_limited', `this API key made more than ${requestsPerWindow} requests this minute: retry after ${retryAfter} s`, undefined, {
      'retry-after': String(retryAfter),
      ...rateHeaders(info),
    });
  }
  return info;
}

export function rateHeaders(info: { limit: number; remaining: number; resetAt: Date }): Record<string, string> {
  return {
    'x-ratelimit-limit': String(info.limit),
    'x-ratelimit-remaining': String(info.remaining),
    'x-ratelimit-reset': String(Math.ceil(info.resetAt.getTime() / 1000)),
  };
}
