// What a provider failure means for the call: retry the same model, move to the next one, or stop
// because the request itself is wrong (retrying or rerouting a bad request only repeats it).
import OpenAI from 'openai';

export type FailureKind = 'rate_limited' | 'server' | 'timeout' | 'connection' | 'context_length' | 'credentials' | 'request';

export type ClassifiedFailure = {
  kind: FailureKind;
  status: number | null;
  message: string;
  code: string | null;
  param: string | null;
  /** From Retry-After / retry-after-ms, when the provider sent one. */
  retryAfterMs: number | null;
};

export function classifyProviderError(error: unknown): ClassifiedFailure {
  const base = { status: null, code: null, param: null, retryAfterMs: null };
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { ...base, kind: 'timeout', message: 'the provider did not answer in time' };
  if (error instanceof OpenAI.APIUserAbortError) return { ...base, kind: 'timeout', message: 'the request was cancelled' };
  if (error instanceof OpenAI.APIConnectionError)
    return { ...base, kind: 'connection', message: `could not reach the provider: ${error.cause instanceof Error ? error.cause.message : error.message}` };
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? null;
    const code = error.code ?? null;
    const body = error.error as { message?: string } | undefined;
    const message = body?.message ?? error.message;
    const common = { status, code, param: error.param ?? null, message, retryAfterMs: retryAfter(error.headers) };
    if (status === 429) return { ...common, kind: 'rate_limited' };
    if (status === 408) return { ...common, kind: 'timeout' };
    if (status !== null && status >= 500) return { ...common, kind: 'server' };
    if (isContextLength(code, message)) return { ...common, kind: 'context_length' };
    // A key refused, or a model this key cannot use: another provider's model may still answer.
    if (status === 401 || status === 402 || status === 403 || status === 404) return { ...common, kind: 'credentials' };
    return { ...common, kind: 'request' };
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { ...base, kind: 'timeout', message: error.message };
  return { ...base, kind: 'connection', message: error instanceof Error ? error.message : String(error) };
}

function isContextLength(code: string | null, message: string): boolean {
  return code === 'context_length_exceeded' || /context.{0,20}(length|window)|maximum context|too many tokens|prompt is too long/i.test(message);
}

function retryAfter(headers: Headers | undefined): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
