// A fake OpenAI-compatible model provider as a real HTTP server, for tests, benchmarks and the
// demo: chat completions (plain, tools, streaming), embeddings, transcription and speech. Answers
// are deterministic. Each model can be scripted to fail the way real providers do (429 with
// Retry-After, 5xx, hanging until the client times out, context-length errors, streams cut
// mid-answer) and to report cached tokens in OpenAI's, Anthropic's or Groq's usage shape.
//
//   npx tsx server/dev/fakeModelServer.ts [port]     (standalone, for the demo)
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { fakeEmbedding } from './fakeModels/fakeEmbedding.js';
import { contentText, countTokens, truncateToTokens } from './fakeModels/fakeTokens.js';
import { parseMultipart } from './fakeModels/multipart.js';

/** How a provider reports prompt caching: OpenAI counts cached tokens inside prompt_tokens;
 * Anthropic reports them beside an input count that excludes them; Groq streams its usage in `x_groq`. */
export type UsageStyle = 'openai' | 'anthropic' | 'groq';

export type FakeBehaviour =
  | { kind: 'ok'; latencyMs?: number; cachedTokens?: number; usageStyle?: UsageStyle; answer?: string }
  | { kind: 'error'; status: number; retryAfter?: string; code?: string; message?: string; type?: string; latencyMs?: number }
  /** Accepts the request and never answers: the caller's timeout has to fire. */
  | { kind: 'timeout' }
  /** 400 context_length_exceeded when the prompt is longer than `limit` tokens, otherwise ok. */
  | { kind: 'context_length'; limit: number }
  /** Streams `afterChunks` chunks, then drops the connection without [DONE]. */
  | { kind: 'stream_cut'; afterChunks: number }
  /** Answers with these function calls (an AI agent's step), whatever the prompt says. */
  | { kind: 'tool_calls'; calls: Array<{ name: string; arguments: Record<string, unknown> | string }>; latencyMs?: number };

export type FakeRequest = { path: string; model: string | null; body: Record<string, unknown>; authorization: string | undefined; at: number };

export type FakeModelServerOptions = {
  port?: number;
  host?: string;
  /** Default latency before any answer, in ms. */
  latencyMs?: number;
  usageStyle?: UsageStyle;
  /** When set, requests without `Authorization: Bearer <one of these>` get a 401. */
  apiKeys?: string[];
  /** Keep a log of requests (tests); off for benchmarks. */
  recordRequests?: boolean;
};

export type FakeModelServer = {
  /** Base URL to give an OpenAI client (ends in /v1). */
  baseUrl: string;
  url: string;
  requests: FakeRequest[];
  /** The next requests for `model` get these behaviours, in order; then its default applies. */
  script(model: string, behaviours: FakeBehaviour[]): void;
  /** What `model` does once its script is used up (ok by default). */
  setDefault(model: string, behaviour: FakeBehaviour): void;
  /** Forgets scripts, defaults and recorded requests. */
  reset(): void;
  requestsFor(model: string): FakeRequest[];
  /**
   * Connections open to it now. A client process that died has had all it sent read and recorded
   * once its connections are closed (the close comes after the data), so tests wait for zero.
   */
  openConnections(): Promise<number>;
  close(): Promise<void>;
};

export async function startFakeModelServer(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const scripts = new Map<string, FakeBehaviour[]>();
  const defaults = new Map<string, FakeBehaviour>();
  const requests: FakeRequest[] = [];
  const record = options.recordRequests ?? true;

  const behaviourFor = (model: string): FakeBehaviour => {
    const queue = scripts.get(model);
    if (queue && queue.length > 0) return queue.shift()!;
    return defaults.get(model) ?? { kind: 'ok' };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, String(error), 'server_error');
        else res.destroy();
      });
    });
  });
  server.keepAliveTimeout = 60_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!.replace(/^\/v1/, '');
    if (options.apiKeys) {
      const given = req.headers.authorization?.replace(/^Bearer /, '');
      if (!given || !options.apiKeys.includes(given)) return sendError(res, 401, 'Incorrect API key provided', 'invalid_request_error', 'invalid_api_key');
    }
    if (req.method === 'GET' && path === '/models') {
      if (record) requests.push({ path, model: null, body: {}, authorization: req.headers.authorization, at: Date.now() });
      const ids = new Set([...defaults.keys(), ...scripts.keys()]);
      return sendJson(res, 200, { object: 'list', data: [...ids].map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
    }
    if (req.method !== 'POST') return sendError(res, 404, `no route ${req.method} ${path}`, 'invalid_request_error');

    if (path === '/audio/transcriptions') {
      const parts = parseMultipart(raw, req.headers['content-type'] ?? '');
      const field = (name: string) => parts.find((part) => part.name === name)?.data.toString('utf8');
      const model = field('model') ?? 'whisper-1';
      if (record) requests.push({ path, model, body: { model }, authorization: req.headers.authorization, at: Date.now() });
      const failure = await applyFailure(res, behaviourFor(model));
      if (failure) return;
      const file = parts.find((part) => part.name === 'file');
      if (!file) return sendError(res, 400, 'file is required', 'invalid_request_error');
      // A "recording" that is UTF-8 text transcribes to that text, so tests can speak to the bot.
      const text = isPrintable(file.data) ? file.data.toString('utf8').trim() : `[áudio de ${file.data.length} bytes]`;
      if (field('response_format') === 'text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end(text);
      }
      return sendJson(res, 200, { text, usage: { type: 'duration', seconds: Math.max(1, Math.round(file.data.length / 4000)) } });
    }

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
    }
    const model = typeof body.model === 'string' ? body.model : null;
    if (record) requests.push({ path, model, body, authorization: req.headers.authorization, at: Date.now() });
    if (!model) return sendError(res, 400, 'you must provide a model parameter', 'invalid_request_error', null, 'model');
    const behaviour = behaviourFor(model);

    if (path === '/embeddings') {
      if (await applyFailure(res, behaviour)) return;
      const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? '')];
      const dimensions = typeof body.dimensions === 'number' ? body.dimensions : 256;
      const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
      return sendJson(res, 200, {
        object: 'list',
        model,
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text, dimensions) })),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
    if (path === '/audio/speech') {
      if (await applyFailure(res, behaviour)) return;
      const input = String(body.input ?? '');
      res.writeHead(200, { 'content-type': 'audio/ogg' });
      // "OggS" magic and the spoken text: deterministic, and a test can read back what was said.
      return void res.end(Buffer.concat([Buffer.from('OggS'), Buffer.from(JSON.stringify({ voice: body.voice ?? null, input }))]));
    }
    if (path !== '/chat/completions') return sendError(res, 404, `no route POST ${path}`, 'invalid_request_error');

    const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: string; content?: unknown }>) : [];
    const promptTokens =
      messages.reduce((sum, message) => sum + 4 + countTokens(contentText(message.content)), 0) +
      (Array.isArray(body.tools) ? countTokens(JSON.stringify(body.tools)) : 0);
    if (behaviour.kind === 'context_length' && promptTokens > behaviour.limit) {
      return sendError(
        res,
        400,
        `This model's maximum context length is ${behaviour.limit} tokens. However, your messages resulted in ${promptTokens} tokens.`,
        'invalid_request_error',
        'context_length_exceeded',
        'messages',
      );
    }
    if (await applyFailure(res, behaviour)) return;

    const ok: { cachedTokens?: number; usageStyle?: UsageStyle; answer?: string } = behaviour.kind === 'ok' ? behaviour : {};
    const style: UsageStyle = ok.usageStyle ?? options.usageStyle ?? 'openai';
    const cached = Math.min(ok.cachedTokens ?? 0, promptTokens);
    const lastUser = [...messages].reverse().find((message) => message.role === 'user');
    const question = contentText(lastUser?.content);
    const maxTokens =
      typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : typeof body.max_tokens === 'number' ? body.max_tokens : null;
    const tools = Array.isArray(body.tools) ? (body.tools as Array<{ function?: { name?: string } }>) : [];
    const toolToCall =
      body.tool_choice === 'none'
        ? undefined
        : tools.find((tool) => body.tool_choice === 'required' || (tool.function?.name && question.includes(tool.function.name)));

    // Like a real model, it calls tools only when some are offered and tool_choice allows it.
    const scripted =
      behaviour.kind === 'tool_calls' && tools.length > 0 && body.tool_choice !== 'none'
        ? behaviour.calls.map((call, index) => ({
            id: `call_${hash(`${JSON.stringify(messages)}\n${index}`).slice(0, 12)}`,
            type: 'function',
            function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
          }))
        : null;
    let answer = ok.answer || `Resposta de ${model}: ${question}`;
    let finishReason = toolToCall || scripted ? 'tool_calls' : 'stop';
    if (!toolToCall && !scripted && maxTokens !== null && countTokens(answer) > maxTokens) {
      answer = truncateToTokens(answer, maxTokens);
      finishReason = 'length';
    }
    const toolCalls = scripted
      ? scripted
      : toolToCall
        ? [
            {
              id: `call_${hash(question).slice(0, 12)}`,
              type: 'function',
              function: { name: toolToCall.function?.name ?? 'tool', arguments: JSON.stringify({ text: question }) },
            },
          ]
        : undefined;
    const completionTokens = toolCalls ? countTokens(toolCalls[0]!.function.arguments) : countTokens(answer);
    const id = `chatcmpl-${hash(`${model}\n${JSON.stringify(messages)}`).slice(0, 20)}`;
    const usage = usageFor(style, promptTokens, cached, completionTokens);

    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const base = { id, object: 'chat.completion.chunk', created: 1_700_000_000, model };
      // Each write is flushed before the next step, so a cut stream really delivered its first chunks.
      const send = (data: unknown) => new Promise<void>((resolve) => res.write(`data: ${JSON.stringify(data)}\n\n`, () => resolve()));
      const pieces = toolCalls ? [] : answer.split(/(?<= )/);
      await send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
      let sent = 0;
      for (const piece of pieces) {
        if (behaviour.kind === 'stream_cut' && sent >= behaviour.afterChunks) return void setTimeout(() => res.destroy(), 10);
        await send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
        sent++;
      }
      if (behaviour.kind === 'stream_cut') return void setTimeout(() => res.destroy(), 10);
      if (toolCalls)
        await send({ ...base, choices: [{ index: 0, delta: { tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }, finish_reason: null }] });
      const last = { ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] };
      const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      if (style === 'groq')
        await send({ ...last, x_groq: { id, usage } }); // Groq puts the usage in the last chunk's x_groq
      else {
        await send(last);
        if (includeUsage) await send({ ...base, choices: [], usage });
      }
      res.write('data: [DONE]\n\n');
      return void res.end();
    }
    return sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: toolCalls ? null : answer, ...(toolCalls ? { tool_calls: toolCalls } : {}), refusal: null },
          finish_reason: finishReason,
          logprobs: null,
        },
      ],
      usage,
    });
  }

  /** Waits the behaviour's latency and answers its failure; true when the request was answered (or left hanging). */
  async function applyFailure(res: http.ServerResponse, behaviour: FakeBehaviour): Promise<boolean> {
    const latency = ('latencyMs' in behaviour && behaviour.latencyMs) || options.latencyMs || 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (behaviour.kind === 'timeout') return true; // never answered; the socket closes when the caller gives up
    if (behaviour.kind === 'error') {
      const headers: Record<string, string> = {};
      if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
      sendError(
        res,
        behaviour.status,
        behaviour.message ?? `fake failure ${behaviour.status}`,
        behaviour.type ?? (behaviour.status === 429 ? 'rate_limit_error' : behaviour.status >= 500 ? 'server_error' : 'invalid_request_error'),
        behaviour.code ?? null,
        null,
        headers,
      );
      return true;
    }
    return false;
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    requests,
    script: (model, behaviours) => scripts.set(model, [...(scripts.get(model) ?? []), ...behaviours]),
    setDefault: (model, behaviour) => void defaults.set(model, behaviour),
    reset: () => {
      scripts.clear();
      defaults.clear();
      requests.length = 0;
    },
    requestsFor: (model) => requests.filter((request) => request.model === model),
    openConnections: () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function usageFor(style: UsageStyle, promptTokens: number, cached: number, completionTokens: number) {
  if (style === 'anthropic') {
    // input excludes cache reads and writes; they are reported beside it.
    return {
      prompt_tokens: promptTokens - cached,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      cache_read_input_tokens: cached,
      cache_creation_input_tokens: 0,
    };
  }
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cached },
  };
  return style === 'groq' ? { ...usage, queue_time: 0.001, prompt_time: 0.002, completion_time: 0.003, total_time: 0.006 } : usage;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(
  res: http.ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param, code } }, headers);
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

function isPrintable(data: Buffer): boolean {
  const text = data.toString('utf8');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  return !text.includes('\uFFFD') && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fake = await startFakeModelServer({ port: Number(process.argv[2] ?? 4010), recordRequests: false });
  console.log(`fake model server at ${fake.baseUrl}`);
}
