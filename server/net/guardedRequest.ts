// One outbound HTTP(S) request made on a tenant's behalf (flow HTTP blocks, budget-alert webhooks,
// inbound media downloads), under the address policy: http/https only, literal and resolved
// addresses must be global unicast (unless allowPrivateNetwork), redirects are never followed (a
// 3xx is returned as it is: a redirect could point anywhere), the body is capped and timed out.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { guardedLookup, PrivateAddressError, privateAddressMessage } from './addressGuard.js';
import { isPublicAddress } from './isPublicAddress.js';

export type GuardedRequest = {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  maxBytes: number;
  allowPrivateNetwork: boolean;
};
export type GuardedResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

export type OutboundFailure = 'url' | 'address' | 'timeout' | 'too_large' | 'network';

export class OutboundRequestError extends Error {
  override name = 'OutboundRequestError';
  constructor(
    message: string,
    readonly reason: OutboundFailure,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export class ResponseTooLargeError extends OutboundRequestError {
  override name = 'ResponseTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
    status: number | null,
  ) {
    super(`the response is ${size} bytes, more than the ${limit} bytes allowed`, 'too_large', status);
  }
}

/** The URL, or an error saying why it may not be requested (before any network access). */
export function parseOutboundUrl(raw: string, allowPrivateNetwork: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRequestError(`"${raw}" is not a valid URL`, 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRequestError('only http and https URLs are allowed', 'url');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivateNetwork && net.isIP(host) && !isPublicAddress(host)) throw new OutboundRequestError(privateAddressMessage(host, host), 'address');
  return url;
}

export function guardedRequest(request: GuardedRequest): Promise<GuardedResponse> {
  let url: URL;
  try {
    url = parseOutboundUrl(request.url, request.allowPrivateNetwork);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<GuardedResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, response?: GuardedResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };
    let req: http.ClientRequest;
    try {
      req = transport.request(
        url,
        {
          method: request.method ?? 'GET',
          headers: request.headers ?? {},
          lookup: guardedLookup(request.allowPrivateNetwork),
          // No keep-alive pool shared with other callers: every request runs its own lookup.
          agent: false,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const declared = Number(response.headers['content-length']);
          if (Number.isFinite(declared) && declared > request.maxBytes) {
            req.destroy();
            return finish(new ResponseTooLargeError(declared, request.maxBytes, status));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > request.maxBytes) {
              req.destroy();
              finish(new ResponseTooLargeError(size, request.maxBytes, status));
            } else chunks.push(chunk);
          });
          response.on('error', (error) => finish(new OutboundRequestError(error.message, 'network', status)));
          response.on('end', () => finish(null, { status, headers: response.headers, body: Buffer.concat(chunks) }));
        },
      );
    } catch (error) {
      // Invalid header names or values (node:http refuses CR/LF) are the caller's input.
      return finish(new OutboundRequestError((error as Error).message, 'url'));
    }
    const timer = setTimeout(() => {
      req.destroy();
      finish(new OutboundRequestError(`no answer within ${request.timeoutMs} ms`, 'timeout'));
    }, request.timeoutMs);
    req.on('error', (error) =>
      finish(error instanceof PrivateAddressError ? new OutboundRequestError(error.message, 'address') : new OutboundRequestError(error.message, 'network')),
    );
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}
