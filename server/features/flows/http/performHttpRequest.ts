// The HTTP block's request, under the platform's outbound address policy (server/net/): global
// unicast addresses only (checked at connect time) unless the platform allows private networks,
// no redirects, a 1 MB answer at most.
import type { HttpBlockRequest, HttpBlockResult } from '../engine/flowPorts.js';
import { guardedRequest, OutboundRequestError } from '#server/net/guardedRequest.js';

const RESPONSE_MAX_BYTES = 1024 * 1024;

export async function performHttpRequest(request: HttpBlockRequest, options: { allowPrivateNetwork: boolean }): Promise<HttpBlockResult> {
  try {
    const response = await guardedRequest({
      url: request.url,
      method: request.method,
      timeoutMs: request.timeoutMs,
      maxBytes: RESPONSE_MAX_BYTES,
      allowPrivateNetwork: options.allowPrivateNetwork,
      headers: {
        'user-agent': 'uzz-flows/1',
        accept: 'application/json, text/plain;q=0.9, */*;q=0.5',
        ...request.headers,
        ...(request.body !== undefined && !hasHeader(request.headers, 'content-type') ? { 'content-type': 'application/json' } : {}),
      },
      body: request.body,
    });
    if (response.status < 200 || response.status >= 300) return { ok: false, status: response.status, error: `the server answered ${response.status}` };
    const text = response.body.toString('utf8');
    let body: unknown = text;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        /* plain text stays text */
      }
    }
    return { ok: true, status: response.status, body };
  } catch (error) {
    if (error instanceof OutboundRequestError) return { ok: false, status: error.status, error: error.message };
    throw error;
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
