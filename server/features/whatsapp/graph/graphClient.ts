// The WhatsApp Cloud API (Graph) client: sending, read receipts with typing indicator, media
// upload and download, message templates. Errors become GraphApiError with Meta's code, so callers classify
// by code (graph/metaErrors.ts). Base URL and version come from the configuration, which is how
// tests and benchmarks point it at the fake Graph API (server/dev/fakeGraphApi.ts).
import http from 'node:http';
import https from 'node:https';
import { guardedRequest, OutboundRequestError, ResponseTooLargeError } from '#server/net/guardedRequest.js';
import { mediaHostTrust } from './mediaHostTrust.js';

/** allowPrivateNetwork: media CDN hosts may resolve to private addresses (tests, local setups). */
export type GraphConfig = { graphUrl: string; apiVersion: string; allowPrivateNetwork?: boolean };
export type GraphCredentials = { accessToken: string; phoneNumberId: string; wabaId: string | null };

export class GraphApiError extends Error {
  override name = 'GraphApiError';
  constructor(
    message: string,
    readonly httpStatus: number | null,
    readonly code: number | null,
    readonly title: string | null,
    readonly details: string | null,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const TIMEOUT_MS = 20_000;
/** Uploads carry up to 100 MB (documents): give them time on a slow uplink. */
const UPLOAD_TIMEOUT_MS = 5 * 60_000;

export type GraphPhoneNumber = {
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  qualityRating: string | null;
  codeVerificationStatus: string | null;
};
export type GraphTemplate = {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: unknown[];
  rejectedReason: string | null;
};

/**
 * Kept-alive connections to the Graph API, shared by every client: a send reuses one. JSON calls go
 * through node:http(s) rather than fetch, which cost about three times the CPU per call here (the
 * outbox's sends at 1,000/s; bench/outboxDrain.bench.ts). Uploads (multipart) still use fetch.
 * More sockets than the outbox has sends in flight (512): a call the pacer admitted leaves at once
 * instead of queueing for a socket and then going out in a burst with others.
 */
const agents: Record<string, http.Agent> = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 1024 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 1024 }),
};

/** A JSON request; rejects on a network failure or when no answer came within `timeoutMs` ("timeout"). */
function requestJson(method: string, url: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const target = new URL(url);
    const agent = agents[target.protocol];
    if (!agent) {
      reject(new Error(`unsupported protocol ${target.protocol}`));
      return;
    }
    const transport = target.protocol === 'https:' ? https : http;
    const request = transport.request(
      target,
      { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    let timer: NodeJS.Timeout | undefined;
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    // Timed from when the request has a connection: time spent queued for one (a burst of sends
    // beyond the agent's sockets) is not Meta's, and a request that never left is not "no answer".
    request.on('socket', () => {
      timer ??= setTimeout(() => request.destroy(new Error(`timeout: no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    request.on('error', fail);
    request.end(body);
  });
}

export function createGraphClient(config: GraphConfig, credentials: GraphCredentials) {
  const base = `${config.graphUrl}/${config.apiVersion}`;
  const auth = { authorization: `Bearer ${credentials.accessToken}` };

  async function call(method: string, path: string, body?: unknown): Promise<Json> {
    const url = path.startsWith('http') ? path : `${base}${path}`;
    let status: number;
    let text: string;
    try {
      if (body instanceof FormData) {
        // FormData sets its own multipart content type (with the boundary).
        const response = await fetch(url, { method, headers: auth, body, signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) });
        status = response.status;
        text = await response.text();
      } else {
        ({ status, text } = await requestJson(
          method,
          url,
          body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
          body === undefined ? undefined : JSON.stringify(body),
          TIMEOUT_MS,
        ));
      }
    } catch (error) {
      throw new GraphApiError(`WhatsApp API unreachable: ${(error as Error).message}`, null, null, null, (error as Error).message);
    }
    let json: Json = {};
    try {
      json = text ? (JSON.parse(text) as Json) : {};
    } catch {
      // Not JSON (a proxy's HTML error page): reported below by status.
    }
    if (status < 200 || status > 299) {
      const error = (json.error ?? {}) as Json;
      const data = (error.error_data ?? {}) as Json;
      const code = typeof error.code === 'number' ? error.code : null;
      const message = typeof error.message === 'string' ? error.message : `HTTP ${status}`;
      throw new GraphApiError(message, status, code, message, typeof data.details === 'string' ? data.details : message);
    }
    return json;
  }

  return {
    /** POST /{phone-number-id}/messages; returns the wamid Meta assigned. */
    async sendMessage(body: Json): Promise<{ wamid: string; waId: string | null }> {
      const json = await call('POST', `/${credentials.phoneNumberId}/messages`, { messaging_product: 'whatsapp', ...body });
      const wamid = (json.messages as Array<{ id?: string }> | undefined)?.[0]?.id;
      if (!wamid) throw new GraphApiError('the WhatsApp API answered without a message id', 200, null, null, JSON.stringify(json).slice(0, 300));
      const waId = (json.contacts as Array<{ wa_id?: string }> | undefined)?.[0]?.wa_id ?? null;
      return { wamid, waId };
    },
    /** Blue ticks for `wamid` (and the earlier messages of the chat), optionally with "typing…". */
    async markRead(wamid: string, options: { typing?: boolean } = {}): Promise<void> {
      await call('POST', `/${credentials.phoneNumberId}/messages`, {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: wamid,
        ...(options.typing ? { typing_indicator: { type: 'text' } } : {}),
      });
    },
    /**
     * POST /{phone-number-id}/media (multipart: messaging_product, type, file): returns Meta's media
     * id, which a message then sends as `{ id }`. Uploaded media lives 30 days at Meta.
     */
    async uploadMedia(file: { bytes: Buffer; mimeType: string; filename: string }): Promise<string> {
      const form = new FormData();
      form.append('messaging_product', 'whatsapp');
      form.append('type', file.mimeType);
      form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
      const json = await call('POST', `/${credentials.phoneNumberId}/media`, form);
      if (typeof json.id !== 'string' || json.id === '') {
        throw new GraphApiError('the WhatsApp API answered the upload without a media id', 200, null, null, JSON.stringify(json).slice(0, 300));
      }
      return json.id;
    },
    /** GET /{media-id}: the short-lived download URL and what Meta knows of the file. */
    async getMedia(mediaId: string): Promise<{ url: string; mimeType: string | null; sha256: string | null; fileSize: number | null }> {
      const json = await call('GET', `/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(credentials.phoneNumberId)}`);
      if (typeof json.url !== 'string') throw new GraphApiError('the WhatsApp API returned no media URL', 200, null, null, null);
      const size = Number(json.file_size);
      return {
        url: json.url,
        mimeType: typeof json.mime_type === 'string' ? json.mime_type : null,
        sha256: typeof json.sha256 === 'string' ? json.sha256 : null,
        fileSize: Number.isFinite(size) ? size : null,
      };
    },
    /**
     * Downloads a media URL that getMedia answered, with the bearer token, from the Graph host or
     * Meta's media CDN only (graph/mediaHostTrust.ts); redirects are not followed; stops reading
     * past maxBytes.
     */
    async download(url: string, maxBytes: number): Promise<{ bytes: Buffer; contentType: string | null }> {
      const trust = mediaHostTrust(url, config.graphUrl);
      if (!trust) throw new GraphApiError('media download refused: the URL is not on the WhatsApp API or Meta media host', null, null, null, null);
      let response;
      try {
        response = await guardedRequest({
          url,
          headers: { ...auth, 'user-agent': 'uzz-ai/1.0' },
          timeoutMs: 60_000,
          maxBytes,
          allowPrivateNetwork: trust === 'graph' || config.allowPrivateNetwork === true,
        });
      } catch (error) {
        if (error instanceof ResponseTooLargeError) throw new MediaTooLargeError(error.size, maxBytes);
        if (error instanceof OutboundRequestError) throw new GraphApiError(`media download failed: ${error.message}`, error.status, null, null, error.message);
        throw error;
      }
      if (response.status < 200 || response.status >= 300) {
        throw new GraphApiError(`media download answered HTTP ${response.status}`, response.status, null, null, null);
      }
      const type = response.headers['content-type'];
      return { bytes: response.body, contentType: typeof type === 'string' ? type : null };
    },
    /** GET /{phone-number-id} with the fields the connection check shows (name, quality, verification). */
    async getPhoneNumber(): Promise<GraphPhoneNumber> {
      const json = await call(
        'GET',
        `/${encodeURIComponent(credentials.phoneNumberId)}?fields=display_phone_number,verified_name,quality_rating,code_verification_status`,
      );
      const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
      return {
        displayPhoneNumber: text(json.display_phone_number),
        verifiedName: text(json.verified_name),
        qualityRating: text(json.quality_rating),
        codeVerificationStatus: text(json.code_verification_status),
      };
    },
    /** GET /{waba-id}?fields=name: the WhatsApp Business account's name (proves the id and the token's access to it). */
    async getBusinessAccount(): Promise<{ id: string; name: string | null }> {
      if (!credentials.wabaId) throw new GraphApiError('the client has no WhatsApp Business account id (meta_waba_id)', null, 100, null, 'missing WABA id');
      const json = await call('GET', `/${encodeURIComponent(credentials.wabaId)}?fields=name`);
      return { id: String(json.id ?? credentials.wabaId), name: typeof json.name === 'string' ? json.name : null };
    },
    /** Every template of the WhatsApp Business account (follows paging). */
    async listTemplates(): Promise<GraphTemplate[]> {
      if (!credentials.wabaId) throw new GraphApiError('the client has no WhatsApp Business account id (meta_waba_id)', null, 100, null, 'missing WABA id');
      const templates: GraphTemplate[] = [];
      let next: string | null = `/${credentials.wabaId}/message_templates?limit=100`;
      for (let page = 0; next && page < 50; page++) {
        const json: Json = await call('GET', next);
        for (const item of (json.data as Json[] | undefined) ?? []) {
          templates.push({
            id: String(item.id ?? ''),
            name: String(item.name ?? ''),
            language: String(item.language ?? ''),
            status: String(item.status ?? 'PENDING'),
            category: String(item.category ?? 'UTILITY'),
            components: Array.isArray(item.components) ? item.components : [],
            rejectedReason: typeof item.rejected_reason === 'string' && item.rejected_reason !== 'NONE' ? item.rejected_reason : null,
          });
        }
        const paging = json.paging as { next?: string } | undefined;
        next = typeof paging?.next === 'string' ? paging.next : null;
      }
      return templates;
    },
    async createTemplate(input: {
      name: string;
      language: string;
      category: string;
      components: unknown[];
    }): Promise<{ id: string; status: string; category: string }> {
      if (!credentials.wabaId) throw new GraphApiError('the client has no WhatsApp Business account id (meta_waba_id)', null, 100, null, 'missing WABA id');
      const json = await call('POST', `/${credentials.wabaId}/message_templates`, input);
      return { id: String(json.id ?? ''), status: String(json.status ?? 'PENDING'), category: String(json.category ?? input.category) };
    },
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;

export class MediaTooLargeError extends Error {
  override name = 'MediaTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`media is ${size} bytes, more than the ${limit} bytes allowed for its type`);
  }
}
