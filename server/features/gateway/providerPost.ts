// A provider request without the SDK: one JSON POST on node:http(s) with kept-alive connections.
// The gateway's busiest calls (chat completions without streaming, embeddings) need nothing of the
// OpenAI SDK but the request and its errors, and its fetch (undici, web streams, header objects,
// request logging) cost more CPU per call than the rest of the gateway (issue 17's profile). The
// failures are the SDK's own error classes, so classifyProviderError reads them exactly as before:
// a status answer is APIError.generate(status, body, message, headers), a timeout
// APIConnectionTimeoutError, the caller's abort APIUserAbortError, a broken connection
// APIConnectionError. Only for providers at addresses the platform configured: a tenant's own
// server goes through the SDK with the guarded fetch (its address policy).
import http from 'node:http';
import https from 'node:https';
import OpenAI from 'openai';

/** Where and as whom: the provider's OpenAI-compatible base URL (…/v1) and its key. */
export type ProviderEndpoint = { baseUrl: string; apiKey: string };

const agents = {
  'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
};

export function providerPost(endpoint: ProviderEndpoint, path: string, body: unknown, options: { signal: AbortSignal; timeoutMs: number }): Promise<unknown> {
  const { signal } = options;
  if (signal.aborted) return Promise.reject(abortError(signal));
  let url: URL;
  try {
    url = new URL(`${endpoint.baseUrl.replace(/\/+$/, '')}${path}`);
  } catch (error) {
    return Promise.reject(new OpenAI.APIConnectionError({ message: `the provider's base URL is not a URL: ${endpoint.baseUrl}`, cause: error as Error }));
  }
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!transport) return Promise.reject(new OpenAI.APIConnectionError({ message: `the provider's base URL is not http(s): ${endpoint.baseUrl}` }));
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        headers: {
          authorization: `Bearer ${endpoint.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': payload.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => finish(new OpenAI.APIConnectionError({ cause: error })));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          const json = parseJson(text);
          if (status >= 200 && status < 300) {
            if (json === undefined) finish(new OpenAI.APIConnectionError({ message: 'the provider answered with something that is not JSON' }));
            else finish(null, json);
            return;
          }
          finish(OpenAI.APIError.generate(status, json as object | undefined, json === undefined ? text : undefined, toHeaders(response.headers)));
        });
      },
    );
    const timer = setTimeout(() => {
      finish(new OpenAI.APIConnectionTimeoutError());
      request.destroy();
    }, options.timeoutMs);
    const onAbort = () => {
      finish(abortError(signal));
      request.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => finish(new OpenAI.APIConnectionError({ cause: error })));
    request.end(payload);
  });
}

/** AbortSignal.timeout's reason is a TimeoutError: the deadline passed, nobody cancelled. */
function abortError(signal: AbortSignal): Error {
  return (signal.reason as Error | undefined)?.name === 'TimeoutError' ? new OpenAI.APIConnectionTimeoutError() : new OpenAI.APIUserAbortError();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
