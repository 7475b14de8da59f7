// A fetch for SDKs (the OpenAI client) calling a URL a tenant typed (their own model server), under
// the address policy of guardedRequest.ts: http/https only, literal and resolved addresses must be
// global unicast unless ALLOW_PRIVATE_NETWORK (checked on the address actually connected to, so a
// name that re-resolves to a private address is refused too), no redirects followed. Unlike
// guardedRequest the body is not buffered: chat answers stream through as they come.
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { guardedLookup, PrivateAddressError } from './addressGuard.js';
import { OutboundRequestError, parseOutboundUrl } from './guardedRequest.js';

export function guardedFetch(allowPrivateNetwork: boolean): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = parseOutboundUrl(request.url, allowPrivateNetwork);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const signal = init?.signal ?? request.signal;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    // No compression: node:http hands back the bytes as sent, and the SDK expects plain JSON.
    delete headers['accept-encoding'];
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, { method: request.method, headers, lookup: guardedLookup(allowPrivateNetwork), agent: false }, (res) => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const item of value) responseHeaders.append(key, item);
          else if (value !== undefined) responseHeaders.set(key, value);
        }
        const status = res.statusCode ?? 502;
        res.on('close', () => signal?.removeEventListener('abort', onAbort));
        const empty = status === 204 || status === 304 || request.method === 'HEAD';
        resolve(
          new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      });
      // Cancelling (a timeout, a caller gone) ends the request, or the answer still streaming.
      const onAbort = () => req.destroy(abortReason(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error instanceof PrivateAddressError ? new OutboundRequestError(error.message, 'address') : error);
      });
      req.end(body);
    });
  };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('the request was cancelled', 'AbortError');
}
