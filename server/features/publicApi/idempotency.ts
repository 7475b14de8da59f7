// Idempotency-Key on POST: the first request with a key claims it (a `pending` row, unique per API
// key and Idempotency-Key) and stores its answer; a retry gets that answer again (header
// `idempotent-replayed: true`) and never acts twice, a concurrent duplicate gets 409 while the
// first is still running, and the same key with a different request is refused. An unexpected
// failure (a 500) releases the claim so a retry may try again; a claim whose server died mid-request
// can be taken over after publicApiSettings' pendingTakeoverMs.
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonValue } from '#server/db/json-types.js';
import type { ApiKeyIdentity } from '../openaiCompat/index.js';
import { ApiError } from './apiError.js';
import { publicApiSettings } from './publicApiSettings.js';

export type ApiAnswer = { status: number; body: JsonValue };

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

export async function withIdempotency(
  app: AppContext,
  identity: ApiKeyIdentity,
  request: { key: string | undefined; method: string; path: string; body: unknown },
  run: () => Promise<ApiAnswer>,
): Promise<ApiAnswer & { replayed?: boolean }> {
  if (request.key === undefined) return run();
  if (!KEY_SHAPE.test(request.key))
    throw new ApiError(400, 'invalid_request', 'the Idempotency-Key header must be 1 to 255 visible ASCII characters (a UUID is a good choice)');
  const key = request.key;
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.path}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const { apiIdempotencyKeys: t } = app.db.t;
  const where = and(eq(t.clientId, identity.clientId), eq(t.apiKeyId, identity.keyId), eq(t.idempotencyKey, key));
  const claimed = await app.db.tenant(identity.clientId, async (tx) => {
    const [inserted] = await tx
      .insert(t)
      .values({ clientId: identity.clientId, apiKeyId: identity.keyId, idempotencyKey: key, requestHash })
      .onConflictDoNothing()
      .returning({ id: t.id });
    if (inserted) return { id: inserted.id };
    const [existing] = await tx.select().from(t).where(where);
    if (!existing) return { retry: true as const }; // released between the insert and the read
    if (existing.requestHash !== requestHash) {
      throw new ApiError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different request: use a new key for a new request');
    }
    if (existing.state === 'done') return { answer: { status: existing.responseStatus!, body: existing.responseBody ?? null } satisfies ApiAnswer };
    // Still pending: running now elsewhere, or its server died. Taken over only when old.
    const stale = new Date(Date.now() - publicApiSettings(app).pendingTakeoverMs);
    const [taken] = await tx
      .update(t)
      .set({ createdAt: new Date() })
      .where(and(where, eq(t.state, 'pending'), lt(t.createdAt, stale)))
      .returning({ id: t.id });
    if (taken) return { id: taken.id };
    throw new ApiError(409, 'request_in_progress', 'a request with this Idempotency-Key is still being processed: retry in a moment', undefined, {
      'retry-after': '1',
    });
  });
  if ('retry' in claimed) return withIdempotency(app, identity, request, run);
  if ('answer' in claimed && claimed.answer) return { ...claimed.answer, replayed: true };
  const id = (claimed as { id: string }).id;
  let answer: ApiAnswer;
  try {
    answer = await run();
  } catch (error) {
    const known = error instanceof ApiError ? error : null;
    if (!known || known.status >= 500 || known.status === 429) {
      // Nothing was done (or we cannot tell): free the key so the caller's retry runs again.
      await app.db.tenant(identity.clientId, (tx) => tx.delete(t).where(and(eq(t.id, id), eq(t.clientId, identity.clientId))));
      throw error;
    }
    answer = {
      status: known.status,
      body: {
        error: {
          status: known.status,
          code: known.code,
          message: known.message,
          ...(known.details !== undefined ? { details: known.details as JsonValue } : {}),
        },
      },
    };
  }
  await app.db.tenant(identity.clientId, (tx) =>
    tx
      .update(t)
      .set({ state: 'done', responseStatus: answer.status, responseBody: answer.body })
      .where(and(eq(t.id, id), eq(t.clientId, identity.clientId))),
  );
  return answer;
}
