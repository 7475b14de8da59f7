// A fake WhatsApp Cloud API (Graph) as a real HTTP server, for tests, the demo and benchmarks:
// records what was sent and answers wamids, accepts media uploads (multipart, recorded, answered
// with a media id), serves media (id → URL → bytes, bearer required), lists and creates message
// templates, fails sends on demand per recipient and uploads per phone number with Meta's error
// bodies, answers phone number and WhatsApp Business account lookups (GET /{id}?fields=…, what the
// connection wizard checks; failures on demand), and posts signed status webhooks back to a server.
// Point WHATSAPP_GRAPH_URL at `url`.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metaErrorBody, metaStatusError } from './fakeGraph/metaErrorBody.js';
import { metaJson, signedPost } from './fakeGraph/signedPost.js';
import { parseMultipart } from './fakeModels/multipart.js';

export type SentMessage = { phoneNumberId: string; to: string; body: Record<string, unknown>; wamid: string; token: string | null; at: number };
/** A file uploaded with POST /{phone-number-id}/media: `type` is the form field, `fileType` the file part's own. */
export type UploadedMedia = {
  id: string;
  phoneNumberId: string;
  type: string | null;
  fileType: string | null;
  filename: string | null;
  bytes: Buffer;
  token: string | null;
  at: number;
};
export type ReadReceipt = { phoneNumberId: string; messageId: string; typing: boolean; at: number };
type Failure = { code: number; remaining: number; details?: string; http?: number };
/** downloadUrl: what GET /{media-id} answers instead of this server's own download URL (tests of a hostile answer). */
/** A registered phone number: GET /{id}?fields=… answers it; with `token`, only that token is accepted (also for sends). */
export type FakePhoneNumber = { displayPhoneNumber: string; verifiedName: string; qualityRating?: string; codeVerificationStatus?: string; token?: string };
export type FakeBusinessAccount = { name: string; token?: string };
/** A GET /{id}?fields=… the fake answered or refused. */
export type GraphLookup = { id: string; fields: string | null; token: string | null; at: number };
type Media = { bytes: Buffer; mimeType: string; sha256: string; downloadUrl?: string };

export type FakeGraphApi = Awaited<ReturnType<typeof startFakeGraphApi>>;

export async function startFakeGraphApi(options: { latencyMs?: number } = {}) {
  const sent: SentMessage[] = [];
  const reads: ReadReceipt[] = [];
  const failures = new Map<string, Failure[]>();
  const uploads: UploadedMedia[] = [];
  /** Upload failures, per phone number id ('*' for any number). */
  const uploadFailures = new Map<string, Failure[]>();
  const media = new Map<string, Media>();
  const expiredUrls = new Set<string>();
  const templates = new Map<string, Array<Record<string, unknown>>>();
  const phoneNumbers = new Map<string, FakePhoneNumber>();
  const businessAccounts = new Map<string, FakeBusinessAccount>();
  const lookups: GraphLookup[] = [];
  /** Lookup failures, per object id ('*' for any). */
  const lookupFailures = new Map<string, Failure[]>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let counter = 0;
  let latencyMs = options.latencyMs ?? 0;
  let downloads = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const send = () => {
          response.writeHead(status, { 'content-type': 'application/json', ...headers });
          response.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
        };
        if (latencyMs > 0) setTimeout(send, latencyMs);
        else send();
      };
      try {
        handle(request, Buffer.concat(chunks), reply);
      } catch (error) {
        reply(500, { error: { message: (error as Error).message, code: 1 } });
      }
    });
  });

  function handle(request: http.IncomingMessage, raw: Buffer, reply: (status: number, body: unknown, headers?: Record<string, string>) => void) {
    const url = new URL(request.url ?? '/', 'http://fake');
    const parts = url.pathname.split('/').filter(Boolean);
    const auth = request.headers.authorization ?? null;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;

    if (parts[0] === 'media-download') {
      const id = decodeURIComponent(parts[1] ?? '');
      const item = media.get(id);
      if (!token) return reply(401, { error: { message: 'missing token', code: 190 } });
      if (!item || expiredUrls.has(url.search)) {
        expiredUrls.delete(url.search);
        return reply(404, { error: { message: 'URL expired', code: 100 } });
      }
      downloads++;
      return reply(200, item.bytes, { 'content-type': item.mimeType, 'content-length': String(item.bytes.length) });
    }
    if (!token) return reply(401, metaErrorBody(190).body);
    const [, id, edge] = parts; // /<version>/<id>/<edge>

    if (request.method === 'POST' && edge === 'media') {
      const failure = takeFailure(uploadFailures, id!) ?? takeFailure(uploadFailures, '*');
      if (failure) {
        const error = metaErrorBody(failure.code, { details: failure.details, http: failure.http });
        return reply(error.http, error.body);
      }
      const contentType = request.headers['content-type'] ?? '';
      const parts = contentType.startsWith('multipart/form-data') ? parseMultipart(raw, contentType) : [];
      const field = (name: string) => parts.find((part) => part.name === name);
      const file = field('file');
      if (field('messaging_product')?.data.toString() !== 'whatsapp') {
        return reply(400, metaErrorBody(100, { details: 'The parameter messaging_product is required.' }).body);
      }
      if (!file?.filename) return reply(400, metaErrorBody(100, { details: 'The parameter file is required.' }).body);
      const type = field('type')?.data.toString() ?? null;
      const mediaId = String(7_000_000_000_000 + ++counter);
      uploads.push({
        id: mediaId,
        phoneNumberId: id!,
        type,
        fileType: file.contentType ?? null,
        filename: file.filename,
        bytes: Buffer.from(file.data),
        token,
        at: Date.now(),
      });
      // Uploaded media can be fetched back like any other (GET /{media-id}), as at Meta.
      const mimeType = type ?? file.contentType ?? 'application/octet-stream';
      media.set(mediaId, { bytes: Buffer.from(file.data), mimeType, sha256: createHash('sha256').update(file.data).digest('base64') });
      return reply(200, { id: mediaId });
    }

    if (request.method === 'POST' && edge === 'messages') {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      const number = phoneNumbers.get(id!);
      if (number?.token && number.token !== token) return reply(401, invalidToken());
      if (body.status === 'read') {
        reads.push({ phoneNumberId: id!, messageId: String(body.message_id), typing: Boolean(body.typing_indicator), at: Date.now() });
        return reply(200, { success: true });
      }
      const to = String(body.to ?? body.recipient ?? '');
      const failure = takeFailure(failures, to);
      if (failure) {
        const error = metaErrorBody(failure.code, { details: failure.details, http: failure.http });
        return reply(error.http, error.body);
      }
      const wamid = `wamid.FAKE${(++counter).toString().padStart(8, '0')}${createHash('sha1').update(`${to}${counter}`).digest('base64url').slice(0, 12)}`;
      sent.push({ phoneNumberId: id!, to, body, wamid, token, at: Date.now() });
      for (const waiter of [...waiters]) {
        if (sent.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      return reply(200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id: wamid }] });
    }

    // Object lookups with ?fields= (media lookups carry ?phone_number_id= instead).
    if (request.method === 'GET' && id && !edge && parts.length === 2 && url.searchParams.has('fields')) {
      const objectId = decodeURIComponent(id);
      const fields = url.searchParams.get('fields');
      lookups.push({ id: objectId, fields, token, at: Date.now() });
      const failure = takeFailure(lookupFailures, objectId) ?? takeFailure(lookupFailures, '*');
      if (failure) {
        const error = metaErrorBody(failure.code, { details: failure.details, http: failure.http });
        return reply(error.http, error.body);
      }
      const wanted = (fields ?? '').split(',').map((field) => field.trim());
      const pick = (values: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(values).filter(([key, value]) => (key === 'id' || wanted.includes(key)) && value !== undefined));
      const number = phoneNumbers.get(objectId);
      if (number) {
        if (number.token && number.token !== token) return reply(401, invalidToken());
        return reply(
          200,
          pick({
            id: objectId,
            display_phone_number: number.displayPhoneNumber,
            verified_name: number.verifiedName,
            quality_rating: number.qualityRating ?? 'GREEN',
            code_verification_status: number.codeVerificationStatus ?? 'VERIFIED',
          }),
        );
      }
      const account = businessAccounts.get(objectId);
      if (account) {
        if (account.token && account.token !== token) return reply(401, invalidToken());
        return reply(200, pick({ id: objectId, name: account.name }));
      }
      return reply(400, {
        error: {
          message: `Unsupported get request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          type: 'GraphMethodException',
          code: 100,
          error_subcode: 33,
          fbtrace_id: 'Afakelookup',
        },
      });
    }

    if (request.method === 'GET' && id && !edge && parts.length === 2) {
      const item = media.get(decodeURIComponent(id));
      if (!item) return reply(404, metaErrorBody(100, { details: 'Media not found' }).body);
      const nonce = ++counter;
      return reply(200, {
        messaging_product: 'whatsapp',
        url: item.downloadUrl ?? `${base()}/media-download/${encodeURIComponent(id)}?mid=${nonce}`,
        mime_type: item.mimeType,
        sha256: item.sha256,
        file_size: item.bytes.length,
        id,
      });
    }

    if (edge === 'message_templates') {
      const list = templates.get(id!) ?? [];
      templates.set(id!, list);
      if (request.method === 'POST') {
        const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        if (list.some((item) => item.name === body.name && item.language === body.language)) {
          return reply(400, metaErrorBody(100, { details: 'Content in this language already exists' }).body);
        }
        const created = { ...body, id: String(900_000_000 + ++counter), status: 'PENDING' };
        list.push(created);
        return reply(200, { id: created.id, status: 'PENDING', category: body.category });
      }
      const limit = Number(url.searchParams.get('limit') ?? 25);
      const after = Number(url.searchParams.get('after') ?? 0);
      const page = list.slice(after, after + limit);
      const next = after + limit < list.length ? `${base()}/${parts[0]}/${id}/message_templates?limit=${limit}&after=${after + limit}` : undefined;
      return reply(200, { data: page, paging: next ? { next } : {} });
    }
    return reply(404, { error: { message: `fake Graph API has no ${request.method} ${url.pathname}`, code: 100 } });
  }

  function invalidToken() {
    return { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'Afaketoken' } };
  }

  function takeFailure(queues: Map<string, Failure[]>, key: string): Failure | null {
    const queue = queues.get(key);
    const failure = queue?.[0];
    if (!failure) return null;
    failure.remaining--;
    if (failure.remaining <= 0) queue!.shift();
    return failure;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base(),
    sent,
    reads,
    /** Every media upload that succeeded, in order. */
    uploads,
    get downloads() {
      return downloads;
    },
    /** Fails the next `times` sends to `recipient` with Meta's error `code`. */
    failNext(recipient: string, code: number, times = 1, options: { details?: string; http?: number } = {}) {
      const queue = failures.get(recipient) ?? [];
      queue.push({ code, remaining: times, ...options });
      failures.set(recipient, queue);
    },
    /**
     * Fails the next `times` media uploads with Meta's error `code` (131053: media upload error;
     * 131000 with http 500: a retryable failure), for one phone number id or any.
     */
    failNextUpload(code: number, times = 1, options: { details?: string; http?: number; phoneNumberId?: string } = {}) {
      const key = options.phoneNumberId ?? '*';
      const queue = uploadFailures.get(key) ?? [];
      queue.push({ code, remaining: times, details: options.details, http: options.http });
      uploadFailures.set(key, queue);
    },
    setLatency(ms: number) {
      latencyMs = ms;
    },
    /** Registers a media file; returns what a webhook would carry (id, sha256 base64, mime type). */
    addMedia(id: string, bytes: Buffer, mimeType: string) {
      const sha256 = createHash('sha256').update(bytes).digest('base64');
      media.set(id, { bytes, mimeType, sha256 });
      return { id, sha256, mime_type: mimeType };
    },
    /** Makes GET /{media-id} answer `url` as the media's download URL (a Graph answer pointing elsewhere). */
    setMediaDownloadUrl(id: string, url: string) {
      const item = media.get(id);
      if (item) item.downloadUrl = url;
    },
    /** The next download of a media URL with this query string answers 404 (an expired URL). */
    expireMediaUrl(search: string) {
      expiredUrls.add(search);
    },
    /** Every GET /{id}?fields=… (phone number and business account lookups), in order. */
    lookups,
    /** Makes GET /{phone-number-id}?fields=… answer this number (and, with `token`, refuse any other token, sends too). */
    addPhoneNumber(id: string, number: FakePhoneNumber) {
      phoneNumbers.set(id, number);
    },
    /** Makes GET /{waba-id}?fields=name answer this account (with `token`, only for that token). */
    addBusinessAccount(id: string, account: FakeBusinessAccount) {
      businessAccounts.set(id, account);
    },
    /** Fails the next `times` lookups of `id` (or of any id) with Meta's error `code` (190, 100, 10, 200…). */
    failNextLookup(code: number, times = 1, options: { id?: string; details?: string; http?: number } = {}) {
      const key = options.id ?? '*';
      const queue = lookupFailures.get(key) ?? [];
      queue.push({ code, remaining: times, details: options.details, http: options.http });
      lookupFailures.set(key, queue);
    },
    addTemplate(wabaId: string, template: Record<string, unknown>) {
      const list = templates.get(wabaId) ?? [];
      list.push({ id: String(800_000_000 + ++counter), ...template });
      templates.set(wabaId, list);
    },
    /** Resolves once at least `count` messages were sent. */
    waitForSent(count: number, timeoutMs = 10_000): Promise<void> {
      if (sent.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake Graph API: ${sent.length} of ${count} messages sent after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    /** Posts a signed status webhook for a sent message back to the server (as Meta does). */
    async postStatus(
      target: { webhookUrl: string; appSecret: string; phoneNumberId: string },
      status: {
        wamid: string;
        status: 'sent' | 'delivered' | 'read' | 'played' | 'failed';
        recipient: string;
        errorCode?: number;
        opaque?: string;
        timestamp?: number;
      },
    ): Promise<Response> {
      const payload = {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'WABA',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550000000', phone_number_id: target.phoneNumberId },
                  statuses: [
                    {
                      id: status.wamid,
                      status: status.status,
                      timestamp: String(status.timestamp ?? Math.floor(Date.now() / 1000)),
                      recipient_id: status.recipient,
                      ...(status.opaque ? { biz_opaque_callback_data: status.opaque } : {}),
                      ...(status.errorCode ? { errors: [metaStatusError(status.errorCode)] } : {}),
                    },
                  ],
                },
              },
            ],
          },
        ],
      };
      return signedPost(target.webhookUrl, metaJson(payload), target.appSecret);
    },
    clearTemplates(wabaId: string) {
      templates.delete(wabaId);
    },
    reset() {
      sent.length = 0;
      reads.length = 0;
      uploads.length = 0;
      failures.clear();
      uploadFailures.clear();
      lookups.length = 0;
      lookupFailures.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
