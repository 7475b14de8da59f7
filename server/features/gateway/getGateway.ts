// The gateway service other features call (the bot's reply, flows' AI block, the knowledge base,
// transcription, text-to-speech, the /v1 endpoint): every call budgeted, cached where it can be,
// retried and rerouted along the fallback chain, and logged with its api_type.
import type OpenAI from 'openai';
import { toFile } from 'openai';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming, CreateEmbeddingResponse } from 'openai/resources';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { JsonObject } from '#server/db/json-types.js';
import { promptTokensEstimate, promptTokensUpperBound } from './estimatePromptTokens.js';
import { GatewayError } from './gatewayError.js';
import type { ModelRow } from './gatewayState.js';
import { dec, DEC_ZERO, formatDec, mulDec, perMillion, type Dec } from './money.js';
import type { ModelPrices } from './modelPrices.js';
import { providerPost } from './providerPost.js';
import { usageOf, type NormalisedUsage } from './normaliseUsage.js';
import { finishCall, startCall, ZERO_USAGE, type AttemptInput, type GatewayCallContext, type StartedCall } from './runGatewayCall.js';

export type ChatParams = Omit<ChatCompletionCreateParamsNonStreaming, 'model' | 'stream' | 'stream_options'> & {
  stream_options?: { include_usage?: boolean } | null;
};
export type ChatRequest = GatewayCallContext & { model?: string; params: ChatParams };

export type CallSummary = {
  requestId: string;
  model: string;
  provider: string;
  wasCached: boolean;
  wasFallback: boolean;
  usage: NormalisedUsage;
  costUsd: string;
  costBrl: string;
};
export type ChatResult = CallSummary & { completion: ChatCompletion };

export type EmbedRequest = GatewayCallContext & { model?: string; input: string | string[]; dimensions?: number };
export type EmbedResult = CallSummary & { embeddings: number[][]; response: CreateEmbeddingResponse };

export type TranscribeRequest = GatewayCallContext & {
  model?: string;
  file: Buffer;
  filename: string;
  mimeType?: string;
  language?: string;
  prompt?: string;
  /** When known (WhatsApp tells the duration of voice notes): prices and reserves exactly. */
  durationSeconds?: number;
};
export type TranscribeResult = CallSummary & { text: string; durationSeconds: number };

export type SpeechRequest = GatewayCallContext & {
  model?: string;
  input: string;
  voice: string;
  format?: 'opus' | 'mp3' | 'aac' | 'flac' | 'wav' | 'pcm';
  instructions?: string;
};
export type SpeechResult = CallSummary & { audio: Buffer; contentType: string };

export type Gateway = ReturnType<typeof createGateway>;

export const getGateway = perApp((app: AppContext) => createGateway(app));

function createGateway(app: AppContext) {
  return {
    async chat(request: ChatRequest): Promise<ChatResult> {
      const call = await startCall(
        app,
        chatSpec(request, async (input, params) => {
          const body = { ...params, stream: false as const };
          if (input.endpoint) return (await providerPost(input.endpoint, '/chat/completions', body, input)) as ChatCompletion;
          return input.client.chat.completions.create(body, { signal: input.signal, timeout: input.timeoutMs, maxRetries: 0 });
        }),
      );
      const completion = call.result as ChatCompletion;
      if (call.wasCached) return { completion, ...summary(call, ZERO_USAGE, DEC_ZERO, DEC_ZERO) };
      const usage = usageOf(completion as never) ?? estimateUsage(request.params, completion.choices.map((choice) => choice.message.content ?? '').join(''));
      // The tools the model asked for, by name, beside this call's cost (an AI turn's steps in the usage logs).
      const toolCalls = (completion.choices[0]?.message.tool_calls ?? []).map((toolCall) =>
        toolCall.type === 'function' ? toolCall.function.name : toolCall.type,
      );
      const cost = await finishCall(call, {
        usage,
        cacheValue: toolCalls.length ? null : (completion as unknown as JsonObject),
        ...(toolCalls.length ? { metadata: { tool_calls: toolCalls } } : {}),
      });
      return { completion, ...summary(call, usage, cost.costUsd, cost.costBrl) };
    },

    /**
     * Chunks as they come. Everything up to the first chunk may retry and fall back; after that the
     * model never changes, and a cut stream ends in a `stream_interrupted` GatewayError. Ending the
     * iteration early cancels the upstream request and bills what was generated.
     */
    async *chatStream(request: ChatRequest): AsyncGenerator<ChatCompletionChunk, ChatResult> {
      const wantsUsage = request.params.stream_options?.include_usage === true;
      const call = await startCall(
        app,
        chatSpec(request, async (input, params) => {
          // The timeout covers the wait for the first chunk only: a long answer must not be cut.
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(new Error('timeout')), input.timeoutMs);
          const onAbort = () => controller.abort(request.signal?.reason);
          request.signal?.addEventListener('abort', onAbort, { once: true });
          try {
            const stream = await input.client.chat.completions.create(
              { ...params, stream: true, stream_options: { include_usage: true } },
              { signal: controller.signal, maxRetries: 0, timeout: input.timeoutMs },
            );
            const iterator = stream[Symbol.asyncIterator]();
            const first = await iterator.next();
            if (first.done) throw new Error('the provider ended the stream before sending anything');
            return { first: first.value, iterator, controller };
          } catch (error) {
            if (controller.signal.aborted && !request.signal?.aborted) throw timeoutError();
            throw error;
          } finally {
            clearTimeout(timer);
            request.signal?.removeEventListener('abort', onAbort);
          }
        }),
      );

      if (call.wasCached) {
        const completion = call.result as unknown as ChatCompletion;
        for (const chunk of replayAsChunks(completion, wantsUsage)) yield chunk;
        return { completion, ...summary(call, ZERO_USAGE, DEC_ZERO, DEC_ZERO) };
      }
      const opened = call.result as unknown as OpenedStream;
      const assembled = new StreamAssembler();
      let usage: NormalisedUsage | null = null;
      let completed = false;
      try {
        let next: IteratorResult<ChatCompletionChunk> = { done: false, value: opened.first };
        while (!next.done) {
          const chunk = next.value;
          usage = usageOf(chunk as never) ?? usage;
          assembled.add(chunk);
          if (wantsUsage || !(chunk.choices.length === 0 && chunk.usage)) yield chunk;
          next = await opened.iterator.next();
        }
        if (!assembled.finishReason) throw new Error('the stream ended without a finish reason');
        completed = true;
      } catch (error) {
        const billed = usage ?? estimateUsage(request.params, assembled.content);
        await finishCall(call, { usage: billed, metadata: { interrupted: true, usage_estimated: usage === null } });
        throw new GatewayError('stream_interrupted', `the model's stream broke off: ${error instanceof Error ? error.message : String(error)}`, {
          requestId: call.requestId,
        });
      } finally {
        if (!completed && !call.finished) {
          // The consumer stopped early (client disconnected): cancel upstream, bill what was produced.
          opened.controller.abort();
          await finishCall(call, { usage: usage ?? estimateUsage(request.params, assembled.content), metadata: { cancelled_by_caller: true } });
        }
      }
      const completion = assembled.completion(usage);
      const billed = usage ?? estimateUsage(request.params, assembled.content);
      const cost = await finishCall(call, {
        usage: billed,
        cacheValue: assembled.hasToolCalls ? null : (completion as unknown as JsonObject),
        metadata: { usage_estimated: usage === null },
      });
      return { completion, ...summary(call, billed, cost.costUsd, cost.costBrl) };
    },

    async embed(request: EmbedRequest): Promise<EmbedResult> {
      const inputs = Array.isArray(request.input) ? request.input : [request.input];
      if (inputs.length === 0 || inputs.some((text) => typeof text !== 'string' || text.length === 0)) {
        throw new GatewayError('bad_request', 'input must be a non-empty string or a list of non-empty strings', { param: 'input' });
      }
      const call = await startCall(app, {
        apiType: 'embeddings',
        context: request,
        model: request.model,
        cacheParams: { input: inputs, dimensions: request.dimensions ?? null },
        estimate: (_model, prices, rate) => {
          const tokens = inputs.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0);
          return {
            fixedTokens: tokens,
            fixedBrl: mulDec(perMillion(prices.input, tokens), rate),
            outputTokenBrl: DEC_ZERO,
            maxOutputTokens: 0,
            minOutputTokens: 0,
          };
        },
        attempt: async (input) => {
          const body = {
            model: input.model.modelName,
            input: inputs,
            encoding_format: 'float' as const,
            ...(request.dimensions ? { dimensions: request.dimensions } : {}),
          };
          if (input.endpoint) return (await providerPost(input.endpoint, '/embeddings', body, input)) as CreateEmbeddingResponse;
          return input.client.embeddings.create(body, { signal: input.signal, timeout: input.timeoutMs, maxRetries: 0 });
        },
        fromCache: (value) => value as unknown as CreateEmbeddingResponse,
      });
      const response = call.result;
      const embeddings = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding as number[]);
      if (call.wasCached) return { embeddings, response, ...summary(call, ZERO_USAGE, DEC_ZERO, DEC_ZERO) };
      const tokens = response.usage?.prompt_tokens ?? inputs.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
      const usage = { inputTokens: tokens, cachedTokens: 0, outputTokens: 0, totalTokens: tokens };
      const cost = await finishCall(call, { usage, cacheValue: response as unknown as JsonObject });
      return { embeddings, response, ...summary(call, usage, cost.costUsd, cost.costBrl) };
    },

    async transcribe(request: TranscribeRequest): Promise<TranscribeResult> {
      // Reserve for the stated duration, or the longest the file could last (16 kbit/s, below WhatsApp's Opus).
      const worstSeconds = request.durationSeconds ?? Math.max(1, request.file.length / 2_000);
      const call = await startCall(app, {
        apiType: 'transcription',
        context: request,
        model: request.model,
        cacheParams: null,
        estimate: (model, _prices, rate) => ({
          fixedTokens: 0,
          fixedBrl: mulDec(perMinute(model, worstSeconds), rate),
          outputTokenBrl: DEC_ZERO,
          maxOutputTokens: 0,
          minOutputTokens: 0,
        }),
        attempt: async (input) =>
          input.client.audio.transcriptions.create(
            {
              model: input.model.modelName,
              file: await toFile(request.file, request.filename, request.mimeType ? { type: request.mimeType } : undefined),
              response_format: 'json',
              ...(request.language ? { language: request.language } : {}),
              ...(request.prompt ? { prompt: request.prompt } : {}),
            },
            { signal: input.signal, timeout: input.timeoutMs, maxRetries: 0 },
          ),
      });
      const response = call.result as { text: string; usage?: { type?: string; seconds?: number } };
      const seconds = response.usage?.type === 'duration' && typeof response.usage.seconds === 'number' ? response.usage.seconds : worstSeconds;
      const cost = await finishCall(call, { usage: ZERO_USAGE, costUsd: perMinute(call.model, seconds), metadata: { duration_seconds: seconds } });
      return { text: response.text, durationSeconds: seconds, ...summary(call, ZERO_USAGE, cost.costUsd, cost.costBrl) };
    },

    async speech(request: SpeechRequest): Promise<SpeechResult> {
      const input = request.input.trim();
      if (!input) throw new GatewayError('bad_request', 'there is no text to speak', { param: 'input' });
      const characters = [...input].length;
      const call = await startCall(app, {
        apiType: 'tts',
        context: request,
        model: request.model,
        cacheParams: null,
        estimate: (model, _prices, rate) => ({
          fixedTokens: 0,
          fixedBrl: mulDec(perCharacter(model, characters), rate),
          outputTokenBrl: DEC_ZERO,
          maxOutputTokens: 0,
          minOutputTokens: 0,
        }),
        attempt: async (attempt) => {
          const response = await attempt.client.audio.speech.create(
            {
              model: attempt.model.modelName,
              input,
              voice: request.voice as 'alloy',
              response_format: request.format ?? 'opus',
              ...(request.instructions ? { instructions: request.instructions } : {}),
            },
            { signal: attempt.signal, timeout: attempt.timeoutMs, maxRetries: 0 },
          );
          return { audio: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? 'audio/ogg' };
        },
      });
      const cost = await finishCall(call, { usage: ZERO_USAGE, costUsd: perCharacter(call.model, characters), metadata: { characters } });
      return { ...call.result, ...summary(call, ZERO_USAGE, cost.costUsd, cost.costBrl) };
    },
  };
}

type OpenedStream = { first: ChatCompletionChunk; iterator: AsyncIterator<ChatCompletionChunk>; controller: AbortController };

function chatSpec<T>(request: ChatRequest, send: (input: AttemptInput, params: ChatCompletionCreateParamsNonStreaming) => Promise<T>) {
  const { params } = request;
  if (!Array.isArray(params.messages) || params.messages.length === 0)
    throw new GatewayError('bad_request', 'messages must be a non-empty list', { param: 'messages' });
  if (params.n !== undefined && params.n !== null && params.n !== 1) throw new GatewayError('bad_request', 'only n = 1 is supported', { param: 'n' });
  const requestedMax = params.max_completion_tokens ?? params.max_tokens ?? null;
  const { stream_options: _options, ...shaping } = params;
  const fixedTokens = promptTokensUpperBound(params.messages, params.tools ?? null);
  return {
    apiType: 'chat' as const,
    context: request,
    model: request.model,
    cacheParams: shaping as Record<string, unknown>,
    estimate: (model: ModelRow, prices: ModelPrices, rate: Dec) => ({
      fixedTokens,
      fixedBrl: mulDec(perMillion(prices.input, fixedTokens), rate),
      outputTokenBrl: mulDec(prices.output, rate) / 1_000_000n,
      maxOutputTokens: Math.min(requestedMax ?? model.maxOutputTokens ?? 4_096, model.maxOutputTokens ?? Number.MAX_SAFE_INTEGER),
    }),
    attempt: (input: AttemptInput) => {
      const body: ChatCompletionCreateParamsNonStreaming = { ...(params as ChatCompletionCreateParamsNonStreaming), model: input.model.modelName };
      if (input.model.capabilities.tools === false) {
        // A model without function calling answers in plain text: the tools are not offered to it.
        delete body.tools;
        delete body.tool_choice;
        delete body.parallel_tool_calls;
      }
      if (input.outputTokens !== null) {
        // The budget reserved this many output tokens: the provider must not produce more.
        const useCompletion = params.max_completion_tokens != null || (params.max_tokens == null && input.model.provider === 'openai');
        delete body.max_tokens;
        delete body.max_completion_tokens;
        if (useCompletion) body.max_completion_tokens = input.outputTokens;
        else body.max_tokens = input.outputTokens;
      }
      return send(input, body);
    },
    fromCache: (value: JsonObject) => value as unknown as T,
  };
}

function estimateUsage(params: ChatParams, output: string): NormalisedUsage {
  const inputTokens = promptTokensEstimate(params.messages, params.tools ?? null);
  const outputTokens = Math.ceil(output.length / 4);
  return { inputTokens, cachedTokens: 0, outputTokens, totalTokens: inputTokens + outputTokens };
}

function summary(call: StartedCall<unknown>, usage: NormalisedUsage, usd: Dec, brl: Dec): CallSummary {
  return {
    requestId: call.requestId,
    model: call.model.gatewayIdentifier,
    provider: call.model.provider,
    wasCached: call.wasCached,
    wasFallback: call.wasFallback,
    usage,
    costUsd: formatMoney(usd),
    costBrl: formatMoney(brl),
  };
}

const formatMoney = (value: Dec) => formatDec(value);

function perMinute(model: ModelRow, seconds: number): Dec {
  const price = model.capabilities.usd_per_minute;
  return mulDec(dec(typeof price === 'string' || typeof price === 'number' ? price : '0'), dec(Math.max(0, seconds).toFixed(3))) / 60n;
}

function perCharacter(model: ModelRow, characters: number): Dec {
  const price = model.capabilities.usd_per_million_characters;
  return perMillion(dec(typeof price === 'string' || typeof price === 'number' ? price : '0'), characters);
}

function timeoutError(): Error {
  const error = new Error('the provider did not start answering in time');
  error.name = 'TimeoutError';
  return error;
}

/** A cached completion, as the chunks a stream would have sent. */
function replayAsChunks(completion: ChatCompletion, withUsage: boolean): ChatCompletionChunk[] {
  const base = { id: completion.id, object: 'chat.completion.chunk' as const, created: completion.created, model: completion.model };
  const choice = completion.choices[0];
  const chunks: ChatCompletionChunk[] = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: choice?.message.content ?? '' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: choice?.finish_reason ?? 'stop' }] },
  ];
  if (withUsage && completion.usage) chunks.push({ ...base, choices: [], usage: completion.usage });
  return chunks;
}

/** Builds the complete answer from a stream's chunks (for the cache, the logs and the caller's summary). */
class StreamAssembler {
  content = '';
  finishReason: string | null = null;
  hasToolCalls = false;
  private meta: { id: string; created: number; model: string } | null = null;

  add(chunk: ChatCompletionChunk): void {
    this.meta ??= { id: chunk.id, created: chunk.created, model: chunk.model };
    for (const choice of chunk.choices) {
      if (choice.index !== 0) continue;
      if (choice.delta?.content) this.content += choice.delta.content;
      if (choice.delta?.tool_calls?.length) this.hasToolCalls = true;
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
  }

  completion(usage: NormalisedUsage | null): ChatCompletion {
    return {
      id: this.meta?.id ?? 'chatcmpl-stream',
      object: 'chat.completion',
      created: this.meta?.created ?? Math.floor(Date.now() / 1000),
      model: this.meta?.model ?? '',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: this.content, refusal: null },
          finish_reason: (this.finishReason ?? 'stop') as 'stop',
          logprobs: null,
        },
      ],
      ...(usage
        ? {
            usage: {
              prompt_tokens: usage.inputTokens,
              completion_tokens: usage.outputTokens,
              total_tokens: usage.totalTokens,
              prompt_tokens_details: { cached_tokens: usage.cachedTokens },
            },
          }
        : {}),
    };
  }
}

export type { OpenAI };
