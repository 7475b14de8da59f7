// The path every gateway call takes, whatever its API type:
//   1. in a transaction: the client's profile, the cache lookup, the budget reservation;
//   2. outside any transaction: the provider call, retried and rerouted along the fallback chain;
//   3. in a transaction (finishCall): settle the budget, write the usage logs, store the cache entry.
// Steps 1 and 3 are operations queued per client (gatewayBatches.ts): under load, several calls'
// steps share one transaction.
// Streams run 1 and 2 up to their first chunk, so a failure before anything reached the caller can
// still fall back; finishing happens when the stream ends.
import { randomUUID } from 'node:crypto';
import type OpenAI from 'openai';
import type { AppContext } from '#server/app/appContext.js';
import type { ApiType } from '#shared/domain/statuses.js';
import type { JsonObject } from '#server/db/json-types.js';
import { budgetPort, type BudgetAlert, type BudgetReservation, type ReserveRequest } from './budgetPort.js';
import { classifyProviderError, type ClassifiedFailure } from './classifyProviderError.js';
import type { ClientGatewayProfile } from './clientGatewayProfile.js';
import { computeCost } from './computeCost.js';
import { inGatewayBatch } from './gatewayBatches.js';
import { retryGatewayWrite } from './retryGatewayWrite.js';
import { writeAfterAnswer } from './bookkeepingInFlight.js';
import { GatewayError } from './gatewayError.js';
import { connectedDefaultModel, connectedModel, isConnectedModel } from './connectedModel.js';
import { gatewayState, resolveModel, type GatewayState, type ModelRow } from './gatewayState.js';
import { gatewayTuning } from './gatewayTuning.js';
import { modelPrices, type ModelPrices } from './modelPrices.js';
import { modelSupports } from './modelSupports.js';
import { DEC_ZERO, formatDec, mulDec, type Dec } from './money.js';
import type { NormalisedUsage } from './normaliseUsage.js';
import { providerClient } from './providerClient.js';
import type { ProviderEndpoint } from './providerPost.js';
import { cacheKeyFor, type CachedEntry } from './responseCache.js';

export type GatewayCallContext = {
  clientId: string;
  conversationId?: string | null;
  phone?: string | null;
  /** Correlates logs; one is made when absent. */
  requestId?: string;
  /** Who called: "bot", "api", "flow", "knowledge_base"… (kept in the usage log's metadata). */
  caller?: string;
  /** false: neither read nor write the response cache. */
  cache?: boolean;
  /** false: only the requested model is tried. */
  fallback?: boolean;
  /** Instead of the client's or platform's fallback chain. */
  fallbackModels?: string[];
  signal?: AbortSignal;
  /** Kept in the usage log's metadata (an AI turn's id and step, say). */
  metadata?: JsonObject;
  /**
   * 'after-answer': the call returns as soon as the provider answered, and its settlement and usage
   * logs are written after (bookkeepingInFlight.ts); for callers that only pass the answer on (/v1).
   * Default: written before the call returns, so the caller can rely on them (cost alerts included).
   */
  bookkeeping?: 'before-answer' | 'after-answer';
};

export type AttemptInput = {
  model: ModelRow;
  client: OpenAI;
  /** For providerPost (null: only through `client`). */
  endpoint: ProviderEndpoint | null;
  outputTokens: number | null;
  signal: AbortSignal;
  timeoutMs: number;
};

export type CallSpec<T> = {
  apiType: ApiType;
  context: GatewayCallContext;
  /** Gateway identifier or model name; the client's default when absent. */
  model?: string | undefined;
  /** What shapes the answer, for the cache key; null when this call is not cacheable. */
  cacheParams: Record<string, unknown> | null;
  /** Worst case of this call on a model: what the budget reserves. */
  estimate(model: ModelRow, prices: ModelPrices, usdToBrl: Dec): Omit<ReserveRequest, 'minOutputTokens'> & { minOutputTokens?: number };
  attempt(input: AttemptInput): Promise<T>;
  fromCache?(value: JsonObject): T;
};

export type AttemptRecord = { model: string; outcome: string; status?: number | null; message?: string; retryAfterMs?: number | null };

export type StartedCall<T> = {
  app: AppContext;
  spec: CallSpec<T>;
  requestId: string;
  result: T;
  model: ModelRow;
  prices: ModelPrices;
  usdToBrl: Dec;
  wasCached: boolean;
  wasFallback: boolean;
  attempts: AttemptRecord[];
  reservation: BudgetReservation | null;
  cacheKey: string | null;
  cacheTtlSeconds: number;
  keySource: string;
  startedAt: number;
  /** Output tokens the budget allowed (null: not limited). */
  outputTokens: number | null;
  finished: boolean;
};

export type FinishInput = { usage: NormalisedUsage; costUsd?: Dec; cacheValue?: JsonObject | null; metadata?: JsonObject };
export type FinishedCall = { costUsd: Dec; costBrl: Dec; alerts: BudgetAlert[] };

export async function startCall<T>(app: AppContext, spec: CallSpec<T>): Promise<StartedCall<T>> {
  const startedAt = Date.now();
  const tuning = gatewayTuning(app);
  const state = await gatewayState(app).get();
  const { context } = spec;
  const requestId = context.requestId ?? randomUUID();
  const cacheable = Boolean(spec.cacheParams && spec.fromCache && state.cacheEnabled && context.cache !== false);
  let keyMemo: { model: ModelRow; key: string } | null = null;
  const cacheKey = (primary: ModelRow) => {
    if (keyMemo?.model !== primary)
      keyMemo = { model: primary, key: cacheKeyFor(context.clientId, primary.gatewayIdentifier, spec.apiType, spec.cacheParams!) };
    return keyMemo.key;
  };

  const prepared = await inGatewayBatch(app, context.clientId, {
    cacheKey: cacheable ? (profile) => cacheKey(pickPrimary(state, profile, spec)) : undefined,
    run: (batch) => {
      const profile = batch.profile();
      const primary = pickPrimary(state, profile, spec);
      const prices = modelPrices(primary, profile.overrides);
      const candidates = planCandidates(state, profile, spec, primary, tuning.maxFallbacks);
      const key = cacheable ? cacheKey(primary) : null;
      const hit = key ? batch.cached(key) : null;
      if (hit) {
        batch.log({
          ...logBase(spec, requestId, primary, null),
          usage: ZERO_USAGE,
          latencyMs: Date.now() - startedAt,
          wasCached: true,
          wasFallback: false,
          costUsd: DEC_ZERO,
          costBrl: DEC_ZERO,
          metadata: { ...context.metadata, caller: context.caller ?? null, tokens_saved: hit.tokens, cost_saved_usd: hit.costUsd },
          error: null,
        });
        return { kind: 'cached' as const, primary, prices, hit, cacheKey: key };
      }
      const estimate = spec.estimate(primary, prices, state.usdToBrl);
      const reserved = budgetPort(app).reserve(
        batch.budget,
        context.clientId,
        { ...estimate, minOutputTokens: estimate.minOutputTokens ?? Math.min(16, estimate.maxOutputTokens) },
        batch.now,
        profile.budgetClient,
      );
      if (!reserved.ok) {
        batch.log({
          ...logBase(spec, requestId, primary, null),
          usage: ZERO_USAGE,
          latencyMs: Date.now() - startedAt,
          wasCached: false,
          wasFallback: false,
          costUsd: DEC_ZERO,
          costBrl: DEC_ZERO,
          metadata: { ...context.metadata, caller: context.caller ?? null },
          error: { type: `budget_${reserved.reason}`, message: reserved.message },
        });
        return { kind: 'refused' as const, reserved };
      }
      return { kind: 'go' as const, primary, prices, profile, candidates, cacheKey: key, reserved };
    },
  });

  if (prepared.kind === 'refused') {
    budgetPort(app).deliverAlerts(app, prepared.reserved.alerts);
    throw new GatewayError(prepared.reserved.reason === 'paused' ? 'budget_paused' : 'budget_exceeded', prepared.reserved.message, { requestId });
  }
  if (prepared.kind === 'cached') {
    return {
      app,
      spec,
      requestId,
      result: spec.fromCache!(prepared.hit.value),
      model: prepared.primary,
      prices: prepared.prices,
      usdToBrl: state.usdToBrl,
      wasCached: true,
      wasFallback: false,
      attempts: [],
      reservation: null,
      cacheKey: prepared.cacheKey,
      cacheTtlSeconds: state.cacheTtlSeconds,
      keySource: 'cache',
      startedAt,
      outputTokens: null,
      finished: true,
    };
  }
  // Renewed while the call runs (a long call keeps its reservation); reclaimed if this process dies.
  const leases = budgetPort(app).leases(app);
  if (prepared.reserved.reservation.id) leases.hold(prepared.reserved.reservation.id);
  try {
    return await attemptCandidates(app, spec, state, prepared, { requestId, startedAt });
  } catch (error) {
    // Whatever reservation the call still had is given up to its lease (settled already, or reclaimed when it runs out).
    leases.release(prepared.reserved.reservation.id ?? '');
    throw error;
  }
}

async function attemptCandidates<T>(
  app: AppContext,
  spec: CallSpec<T>,
  state: GatewayState,
  prepared: {
    primary: ModelRow;
    prices: ModelPrices;
    profile: ClientGatewayProfile;
    candidates: ModelRow[];
    cacheKey: string | null;
    reserved: { reservation: BudgetReservation; outputTokens: number };
  },
  ids: { requestId: string; startedAt: number },
): Promise<StartedCall<T>> {
  const tuning = gatewayTuning(app);
  const deadline = ids.startedAt + tuning.totalDeadlineMs;
  const attempts: AttemptRecord[] = [];
  let reservation = prepared.reserved.reservation;
  let outputTokens = prepared.reserved.outputTokens;
  let reservedFor = prepared.primary;
  let prices = prepared.prices;
  let contextFloor = 0;
  let lastFailure: ClassifiedFailure | null = null;

  const leases = budgetPort(app).leases(app);
  const fail = async (error: GatewayError, model: ModelRow) => {
    // Retried on database trouble: the caller must learn the model's failure, not a database error.
    const settled = reservation;
    await retryGatewayWrite(app, spec.context.clientId, {
      releases: [settled.id],
      run: (batch) => {
        batch.log({
          ...logBase(spec, ids.requestId, model, reservation.budgetId),
          usage: ZERO_USAGE,
          latencyMs: Date.now() - ids.startedAt,
          wasCached: false,
          // A failed call was answered by no model, so it is no fallback (the spend rollups count
          // was_fallback as "answered by a fallback model"); the models it tried are in `attempts`.
          wasFallback: false,
          costUsd: DEC_ZERO,
          costBrl: DEC_ZERO,
          metadata: { ...spec.context.metadata, caller: spec.context.caller ?? null, attempts },
          error: { type: error.kind, message: error.message, status: error.status, code: error.openaiCode },
        });
        budgetPort(app).settle(batch.budget, settled, { tokens: 0, brl: DEC_ZERO }, batch.now);
      },
    }).finally(() => leases.release(settled.id ?? ''));
    error.details.attempts = attempts;
    throw error;
  };

  for (const model of prepared.candidates) {
    if (model.contextWindow !== null && model.contextWindow <= contextFloor) {
      attempts.push({ model: model.gatewayIdentifier, outcome: 'skipped: context window too small' });
      continue;
    }
    if (model.id !== reservedFor.id) {
      // Another model costs differently: swap the reservation for one at its prices, atomically.
      const nextPrices = modelPrices(model, prepared.profile.overrides);
      const estimate = spec.estimate(model, nextPrices, state.usdToBrl);
      const released = reservation;
      const swapped = await inGatewayBatch(app, spec.context.clientId, {
        releases: [released.id],
        run: (batch) => {
          budgetPort(app).settle(batch.budget, released, { tokens: 0, brl: DEC_ZERO }, batch.now);
          return budgetPort(app).reserve(
            batch.budget,
            spec.context.clientId,
            { ...estimate, minOutputTokens: estimate.minOutputTokens ?? Math.min(16, estimate.maxOutputTokens) },
            batch.now,
            prepared.profile.budgetClient,
          );
        },
      }).catch((error: unknown) => {
        leases.release(released.id ?? ''); // not settled: left to its lease
        throw error;
      });
      leases.release(released.id ?? '');
      if (swapped.ok && swapped.reservation.id) leases.hold(swapped.reservation.id);
      if (!swapped.ok) {
        budgetPort(app).deliverAlerts(app, swapped.alerts);
        reservation = { ...reservation, id: null, tokens: 0, brl: DEC_ZERO };
        attempts.push({ model: model.gatewayIdentifier, outcome: `refused: budget ${swapped.reason}` });
        return fail(new GatewayError(swapped.reason === 'paused' ? 'budget_paused' : 'budget_exceeded', swapped.message, { requestId: ids.requestId }), model);
      }
      reservation = swapped.reservation;
      outputTokens = swapped.outputTokens;
      reservedFor = model;
      prices = nextPrices;
    }
    const provider = providerClient(app, state, model, prepared.profile);
    if (!provider) {
      attempts.push({ model: model.gatewayIdentifier, outcome: 'no API key configured for this provider' });
      lastFailure = { kind: 'credentials', status: null, message: `no API key for ${model.provider}`, code: null, param: null, retryAfterMs: null };
      continue;
    }
    for (let retry = 0; ; retry++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const timeoutMs = Math.min(tuning.requestTimeoutMs, remaining);
      const signal = spec.context.signal ? AbortSignal.any([spec.context.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      try {
        const result = await spec.attempt({
          model,
          client: provider.client,
          endpoint: provider.endpoint,
          outputTokens: reservation.budgetId ? outputTokens : null,
          signal,
          timeoutMs,
        });
        attempts.push({ model: model.gatewayIdentifier, outcome: 'ok' });
        return {
          app,
          spec,
          requestId: ids.requestId,
          result,
          model,
          prices,
          usdToBrl: state.usdToBrl,
          wasCached: false,
          wasFallback: model.id !== prepared.primary.id,
          attempts,
          reservation,
          cacheKey: model.id === prepared.primary.id ? prepared.cacheKey : null,
          cacheTtlSeconds: state.cacheTtlSeconds,
          keySource: provider.keySource,
          startedAt: ids.startedAt,
          outputTokens: reservation.budgetId ? outputTokens : null,
          finished: false,
        };
      } catch (error) {
        if (error instanceof GatewayError) return fail(error, model);
        if (spec.context.signal?.aborted)
          return fail(new GatewayError('bad_request', 'the caller cancelled the request', { status: 499, code: 'cancelled' }), model);
        const failure = classifyProviderError(error);
        lastFailure = failure;
        attempts.push({
          model: model.gatewayIdentifier,
          outcome: failure.kind,
          status: failure.status,
          message: failure.message,
          retryAfterMs: failure.retryAfterMs,
        });
        if (failure.kind === 'request') {
          return fail(
            new GatewayError('bad_request', failure.message, {
              status: failure.status ?? 400,
              code: failure.code,
              param: failure.param,
              requestId: ids.requestId,
            }),
            model,
          );
        }
        if (failure.kind === 'context_length') {
          contextFloor = Math.max(contextFloor, model.contextWindow ?? Number.MAX_SAFE_INTEGER);
          break;
        }
        if (failure.kind === 'credentials' || failure.kind === 'timeout') break; // a slow or refusing provider: the next model, not again
        if (retry >= tuning.maxRetries) break;
        if (failure.retryAfterMs !== null && failure.retryAfterMs > tuning.maxRetryAfterMs) break;
        const wait = failure.retryAfterMs ?? backoff(retry, tuning.backoffBaseMs, tuning.backoffMaxMs);
        if (Date.now() + wait >= deadline) break;
        await sleep(wait);
      }
    }
    if (spec.context.fallback === false) break;
  }
  const lastModel = prepared.candidates.find((model) => model.gatewayIdentifier === attempts.at(-1)?.model) ?? prepared.primary;
  if (lastFailure?.kind === 'context_length' && attempts.every((attempt) => attempt.outcome !== 'rate_limited')) {
    return fail(
      new GatewayError('bad_request', lastFailure.message, { status: 400, code: 'context_length_exceeded', param: 'messages', requestId: ids.requestId }),
      lastModel,
    );
  }
  if (attempts.length > 0 && attempts.every((attempt) => attempt.outcome === 'no API key configured for this provider')) {
    return fail(
      new GatewayError('all_models_failed', "no provider key is configured for any model this call could use (set the platform keys or the client's own)", {
        status: 503,
        code: 'no_credentials',
        requestId: ids.requestId,
      }),
      lastModel,
    );
  }
  const allRateLimited = attempts.length > 0 && attempts.every((attempt) => attempt.outcome === 'rate_limited' || attempt.outcome.startsWith('skipped'));
  return fail(
    new GatewayError('all_models_failed', `every model failed (${attempts.map((attempt) => `${attempt.model}: ${attempt.outcome}`).join('; ')})`, {
      status: allRateLimited ? 429 : 502,
      code: allRateLimited ? 'rate_limit_exceeded' : 'all_models_failed',
      requestId: ids.requestId,
    }),
    lastModel,
  );
}

/** Settles the budget to the real cost, writes the usage logs and stores the cache entry. */
export async function finishCall<T>(call: StartedCall<T>, input: FinishInput): Promise<FinishedCall> {
  if (call.finished) return { costUsd: DEC_ZERO, costBrl: DEC_ZERO, alerts: [] };
  call.finished = true;
  const { app, spec } = call;
  const cost =
    input.costUsd !== undefined ? { usd: input.costUsd, brl: mulDec(input.costUsd, call.usdToBrl) } : computeCost(input.usage, call.prices, call.usdToBrl);
  const reservation = call.reservation!;
  // The answer exists and was paid for: database trouble delays this bookkeeping, never loses the answer.
  const leases = budgetPort(app).leases(app);
  const written = retryGatewayWrite(
    app,
    spec.context.clientId,
    {
      releases: [reservation.id],
      run: (batch) => {
        batch.log({
          ...logBase(spec, call.requestId, call.model, reservation.budgetId),
          usage: input.usage,
          latencyMs: Date.now() - call.startedAt,
          wasCached: false,
          wasFallback: call.wasFallback,
          costUsd: cost.usd,
          costBrl: cost.brl,
          metadata: {
            ...spec.context.metadata,
            caller: spec.context.caller ?? null,
            attempts: call.attempts,
            price_source: call.prices.source,
            key_source: call.keySource,
            ...input.metadata,
          },
          error: null,
        });
        if (call.cacheKey && input.cacheValue) {
          const entry: CachedEntry = { value: input.cacheValue, tokens: input.usage.totalTokens, costUsd: formatDec(cost.usd) };
          batch.storeCache(call.cacheKey, call.model.modelName, entry, new Date(batch.now.getTime() + call.cacheTtlSeconds * 1000));
        }
        return budgetPort(app).settle(batch.budget, reservation, { tokens: input.usage.totalTokens, brl: cost.brl }, batch.now);
      },
    },
    (late) => {
      leases.release(reservation.id ?? '');
      budgetPort(app).deliverAlerts(app, late);
    },
  ).then(
    (written) => {
      // Deferred (null): the reservation stays held, renewed, until the background write settles it.
      if (written) leases.release(reservation.id ?? '');
      return written ?? [];
    },
    (error: unknown) => {
      leases.release(reservation.id ?? '');
      throw error;
    },
  );
  const delivered = written.then((alerts) => {
    budgetPort(app).deliverAlerts(app, alerts);
    return alerts;
  });
  if (spec.context.bookkeeping === 'after-answer') {
    writeAfterAnswer(app, spec.context.clientId, delivered);
    return { costUsd: cost.usd, costBrl: cost.brl, alerts: [] };
  }
  return { costUsd: cost.usd, costBrl: cost.brl, alerts: await delivered };
}

/** Gives back the reservation of a call that produced nothing billable (e.g. a stream the caller abandoned before it started). */
export async function abandonCall<T>(call: StartedCall<T>, error: { type: string; message: string }, usage: NormalisedUsage = ZERO_USAGE): Promise<void> {
  if (call.finished) return;
  await finishCall(call, { usage, metadata: { interrupted: error } });
}

function pickPrimary<T>(state: GatewayState, profile: ClientGatewayProfile, spec: CallSpec<T>): ModelRow {
  const requested = spec.model?.trim() || defaultModelName(state, profile, spec.apiType);
  if (!requested) throw new GatewayError('bad_request', `no model given and no default ${spec.apiType} model is configured`, { param: 'model' });
  const model = resolveModel(state, requested, profile.primaryModelProvider) ?? connectedModel(state, profile, requested);
  if (!model)
    throw new GatewayError('unknown_model', `The model \`${requested}\` does not exist or is not active in the gateway's registry`, { param: 'model' });
  if (!modelSupports(model, spec.apiType)) {
    throw new GatewayError('bad_request', `the model ${model.gatewayIdentifier} does not serve ${spec.apiType} requests`, {
      param: 'model',
      code: 'model_not_supported',
    });
  }
  return model;
}

function defaultModelName(state: GatewayState, profile: ClientGatewayProfile, apiType: ApiType): string | null {
  if (apiType === 'chat') {
    const connected = connectedDefaultModel(profile);
    if (connected) return connected;
    if (profile.primaryModelProvider === 'groq' && profile.groqModel) return `groq/${profile.groqModel}`;
    if (profile.primaryModelProvider === 'openai' && profile.openaiModel) return `openai/${profile.openaiModel}`;
    if (profile.primaryModelProvider === 'groq') return 'groq/llama-3.3-70b-versatile';
    return state.defaultModel;
  }
  if (apiType === 'embeddings') return 'openai/text-embedding-3-small';
  if (apiType === 'transcription') return profile.primaryModelProvider === 'groq' ? 'groq/whisper-large-v3-turbo' : 'openai/whisper-1';
  return 'openai/tts-1';
}

/** The requested model, then the chain (the call's, the client's or the platform's), distinct, active, of the right kind, depth-limited. */
function planCandidates<T>(state: GatewayState, profile: ClientGatewayProfile, spec: CallSpec<T>, primary: ModelRow, maxFallbacks: number): ModelRow[] {
  const candidates = [primary];
  if (spec.context.fallback === false) return candidates;
  const chain = spec.context.fallbackModels ?? profile.fallbackChain ?? state.fallbackChain;
  for (const name of chain) {
    if (candidates.length > maxFallbacks) break;
    const model = resolveModel(state, name, profile.primaryModelProvider) ?? connectedModel(state, profile, name);
    if (model && modelSupports(model, spec.apiType) && !candidates.some((candidate) => candidate.id === model.id)) candidates.push(model);
  }
  return candidates;
}

function logBase<T>(spec: CallSpec<T>, requestId: string, model: ModelRow, budgetId: string | null) {
  return {
    clientId: spec.context.clientId,
    conversationId: spec.context.conversationId ?? null,
    phone: spec.context.phone ?? null,
    requestId,
    apiType: spec.apiType,
    modelRegistryId: isConnectedModel(model) ? null : model.id,
    clientBudgetId: budgetId,
    provider: model.provider,
    modelName: model.modelName,
  };
}

export const ZERO_USAGE: NormalisedUsage = { inputTokens: 0, cachedTokens: 0, outputTokens: 0, totalTokens: 0 };

function backoff(retry: number, base: number, max: number): number {
  const exponential = Math.min(max, base * 2 ** retry);
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
