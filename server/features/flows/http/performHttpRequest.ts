// The HTTP block's request. The address check runs in the socket's DNS lookup, i.e. on the address
// actually connected to, so a name that resolves (or re-resolves) to a private address is refused
// too. Redirects are not followed: a redirect could point anywhere.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { HttpBlockRequest, HttpBlockResult } from '../engine/flowPorts.js';
import { isPrivateAddress } from './isPrivateAddress.js';

const RESPONSE_MAX_BYTES = 1024 * 1024;

export async function performHttpRequest(request: HttpBlockRequest, options: { allowPrivateNetwork: boolean }): Promise<HttpBlockResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, status: null, error: `"${request.url}" is not a valid URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, status: null, error: 'only http and https URLs are allowed' };
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateNetwork && net.isIP(hostname) && isPrivateAddress(hostname)) {
    return { ok: false, status: null, error: `requests to private, loopback or link-local addresses are not allowed (${hostname})` };
  }

  const lookup: net.LookupFunction = (host, lookupOptions, callback) => {
    dns.lookup(host, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = options.allowPrivateNetwork ? undefined : list.find((entry) => isPrivateAddress(entry.address));
      if (refused) return callback(Object.assign(new Error(`${host} resolves to a private, loopback or link-local address (${refused.address}), which is not allowed`), { code: 'EPRIVATE' }), '', 0);
      if (lookupOptions.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };

  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<HttpBlockResult>((resolve) => {
    let settled = false;
    const done = (result: HttpBlockResult) => {
      if (!settled) { settled = true; clearTimeout(timer); resolve(result); }
    };
    const req = transport.request(url, {
      method: request.method,
      headers: { 'user-agent': 'uzz-flows/1', accept: 'application/json, text/plain;q=0.9, */*;q=0.5', ...request.headers,
        ...(request.body !== undefined && !hasHeader(request.headers, 'content-type') ? { 'content-type': 'application/json' } : {}) },
      lookup,
    }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > RESPONSE_MAX_BYTES) {
          req.destroy();
          done({ ok: false, status: response.statusCode ?? null, error: `the response is larger than ${RESPONSE_MAX_BYTES} bytes` });
        } else chunks.push(chunk);
      });
      response.on('error', (error) => done({ ok: false, status: response.statusCode ?? null, error: error.message }));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        if (text !== '') { try { body = JSON.parse(text); } catch { /* plain text stays text */ } }
        if (status >= 200 && status < 300) done({ ok: true, status, body });
        else done({ ok: false, status, error: `the server answered ${status}` });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, status: null, error: `no answer within ${request.timeoutMs} ms` });
    }, request.timeoutMs);
    req.on('error', (error) => done({ ok: false, status: null, error: error.message }));
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
