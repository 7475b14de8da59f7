// "Test connection": asks the provider for its models (GET <base>/models) with a short timeout,
// with the form's values before saving or the saved connection's, and answers the model list or,
// in plain words, why not: a refused key, a name that does not resolve, nothing listening, a
// private address the server may not call, a timeout, an answer that is not a model list.
// Built-in providers are at the operator's configured URLs; an OpenAI-compatible server's URL is
// the tenant's, so the address policy (ALLOW_PRIVATE_NETWORK) applies to it.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { AiProviderKind, ConnectionFailure } from '#shared/domain/aiProviders.js';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { guardedRequest, OutboundRequestError, type GuardedResponse } from '#server/net/guardedRequest.js';
import { connectionColumns, readClientRow } from './providerConnections.js';
import { privateUrlMessage, providerApiKey, providerBaseUrl, providerKind } from './saveProviderConnection.js';

/** How long "Test connection" waits for the model list: short, someone is looking at the form (tests shorten it). */
export const connectionTestTuning = perApp((_app: AppContext) => ({ timeoutMs: 8_000 }));
const MAX_BYTES = 4 * 1024 * 1024;
const MAX_MODELS = 500;

export const testConnectionInput = z.object({
  clientId: z.string().uuid().optional(),
  kind: providerKind,
  /** Left out: the saved key (testing a saved connection, or one whose key is not retyped). */
  apiKey: providerApiKey.optional(),
  baseUrl: providerBaseUrl.optional(),
});

export type ConnectionTestResult = { ok: true; models: string[] } | { ok: false; code: ConnectionFailure; reason: string; status: number | null };

export async function testProviderConnection(app: AppContext, clientId: string, input: z.infer<typeof testConnectionInput>): Promise<ConnectionTestResult> {
  if (input.kind !== 'openai_compatible' && input.baseUrl) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `${input.kind} has a fixed address: a base URL is only for an OpenAI-compatible server` });
  }
  // Read before the call: never hold a transaction across the network.
  const saved = await app.db.tenant(clientId, async (tx) => {
    const client = await readClientRow(app, tx, clientId);
    if (!client) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such client' });
    const columns = connectionColumns(client, input.kind);
    return { key: columns.keyId && !input.apiKey ? await app.vault.read(tx, columns.keyId) : null, baseUrl: columns.baseUrl };
  });
  const key = input.apiKey ?? saved.key;
  const baseUrl = input.kind === 'openai_compatible' ? (input.baseUrl ?? saved.baseUrl) : builtInBaseUrl(app, input.kind);
  if (!baseUrl) return failure('bad_url', 'Give the base URL of the OpenAI-compatible server (for Ollama: http://127.0.0.1:11434/v1).');
  if (!key && input.kind !== 'openai_compatible') return failure('no_key', `Paste the ${label(input.kind)} API key to test it.`);

  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (input.kind === 'anthropic' && key) Object.assign(headers, { 'x-api-key': key, 'anthropic-version': '2023-06-01' });
  const timeoutMs = connectionTestTuning(app).timeoutMs;
  let response: GuardedResponse;
  try {
    response = await guardedRequest({
      url: `${baseUrl.replace(/\/+$/, '')}/models`,
      headers,
      timeoutMs,
      maxBytes: MAX_BYTES,
      // The built-in providers' URLs are the operator's settings, not a tenant's input.
      allowPrivateNetwork: input.kind !== 'openai_compatible' || app.config.allowPrivateNetwork,
    });
  } catch (error) {
    return networkFailure(error, baseUrl, timeoutMs);
  }
  return readModels(response, input.kind);
}

function builtInBaseUrl(app: AppContext, kind: Exclude<AiProviderKind, 'openai_compatible'>): string {
  const { providers } = app.config;
  return kind === 'openai' ? providers.openaiBaseUrl : kind === 'groq' ? providers.groqBaseUrl : providers.anthropicBaseUrl;
}

function readModels(response: GuardedResponse, kind: AiProviderKind): ConnectionTestResult {
  const { status } = response;
  const detail = providerMessage(response.body);
  const said = detail ? ` The provider said: "${detail}"` : '';
  if (status === 401 || status === 403) {
    return failure('key_refused', `${label(kind)} refused the key (HTTP ${status}): check that it was copied whole and is still active.${said}`, status);
  }
  if (status === 404)
    return failure('not_found', `There is no model list at this address (HTTP 404): check the base URL (it usually ends in /v1).${said}`, status);
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    return failure('redirect', `The address answered with a redirect${location ? ` to ${location}` : ''}: use the final address.`, status);
  }
  if (status < 200 || status >= 300) return failure('http_error', `${label(kind)} answered with an error (HTTP ${status}).${said}`, status);
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString('utf8'));
  } catch {
    return failure('not_json', 'The address answered, but not with JSON: is it the OpenAI-compatible API (usually ending in /v1)?', status);
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data))
    return failure('not_json', 'The address answered, but not with a list of models: is it the OpenAI-compatible API (usually ending in /v1)?', status);
  const models = [...new Set(data.map((item) => (item as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string' && id.length > 0))]
    .sort((a, b) => a.localeCompare(b))
    .slice(0, MAX_MODELS);
  return { ok: true, models };
}

function networkFailure(error: unknown, baseUrl: string, timeoutMs: number): ConnectionTestResult {
  if (!(error instanceof OutboundRequestError)) throw error;
  const host = safeHost(baseUrl);
  switch (error.reason) {
    case 'url':
      return failure('bad_url', `That base URL cannot be used: ${error.message}.`);
    case 'address':
      return failure('private_address', `${privateUrlMessage(error.message)}`);
    case 'timeout':
      return failure('timeout', `${host} did not answer within ${timeoutMs / 1000} seconds.`);
    case 'too_large':
      return failure('not_json', 'The address answered with far more than a model list: is it the OpenAI-compatible API?');
    case 'network': {
      if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(error.message))
        return failure('dns', `The name ${host} could not be found (DNS): check the address for typos.`);
      if (/ECONNREFUSED/.test(error.message)) return failure('refused', `Nothing is listening at ${host}: is the model server running, on that port?`);
      return failure('unreachable', `Could not reach ${host}: ${error.message}.`);
    }
  }
}

function providerMessage(body: Buffer): string | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    return typeof message === 'string' ? message.slice(0, 300) : null;
  } catch {
    return null;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const LABELS: Record<AiProviderKind, string> = { openai: 'OpenAI', groq: 'Groq', anthropic: 'Anthropic', openai_compatible: 'The server' };
const label = (kind: AiProviderKind) => LABELS[kind];

function failure(code: ConnectionFailure, reason: string, status: number | null = null): ConnectionTestResult {
  return { ok: false, code, reason, status };
}
