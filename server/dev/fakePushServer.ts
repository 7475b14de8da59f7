// A fake of the two push services as one real HTTP server, for tests and the demo:
// - Expo: POST /--/api/v2/push/send (tickets; DeviceNotRegistered for tokens marked gone) and
//   POST /--/api/v2/push/getReceipts (DeviceNotRegistered for tokens marked gone later).
// - Google OAuth2: POST /token takes the service account's RS256 JWT assertion, checks its
//   signature with the account's public key and its claims, and answers an access token.
// - FCM HTTP v1: POST /v1/projects/{project}/messages:send with that bearer token; UNREGISTERED
//   (404) for tokens marked gone.
// Failures on demand (`failNext`) answer 503 so retries can be tested. Point EXPO_PUSH_URL and
// FCM_URL at `url`, and FCM_TOKEN_URL at `${url}/token` (serviceAccount() writes a key file).
import { createVerify, generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ExpoPush = { to: string; title?: string; body?: string; data?: Record<string, unknown>; ticketId: string | null; at: number };
export type FcmPush = { project: string; token: string; notification?: { title?: string; body?: string }; data?: Record<string, string>; at: number };
export type TokenRequest = { ok: boolean; reason: string | null; claims: Record<string, unknown> | null };
type Service = 'expo' | 'fcm' | 'oauth';

export type FakePushServer = Awaited<ReturnType<typeof startFakePushServer>>;

const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

export async function startFakePushServer() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomUUID();
  const projectId = 'uzz-fake-project';
  const clientEmail = `push@${projectId}.iam.gserviceaccount.com`;
  const expo: ExpoPush[] = [];
  const fcm: FcmPush[] = [];
  const tokenRequests: TokenRequest[] = [];
  const receiptsAsked: string[][] = [];
  /** Tokens the services no longer know: refused at send. */
  const gone = new Set<string>();
  /** Expo tokens accepted at send whose receipt says DeviceNotRegistered. */
  const goneOnReceipt = new Set<string>();
  const tickets = new Map<string, string>();
  const accessTokens = new Set<string>();
  const failures: Record<Service, number> = { expo: 0, fcm: 0, oauth: 0 };
  const waiters: Array<{ count: () => number; want: number; resolve: () => void }> = [];
  let url = '';

  const notify = () => {
    for (const waiter of [...waiters]) {
      if (waiter.count() >= waiter.want) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const json = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const failing = (service: Service, response: http.ServerResponse) => {
    if (failures[service] <= 0) return false;
    failures[service]--;
    json(response, 503, { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } });
    return true;
  };

  function expoSend(body: unknown, response: http.ServerResponse) {
    const messages = (Array.isArray(body) ? body : [body]) as Array<Record<string, unknown>>;
    const data = messages.map((message) => {
      const to = String(message.to);
      if (gone.has(to)) {
        expo.push({ ...(message as object), to, ticketId: null, at: Date.now() });
        return {
          status: 'error',
          message: `"${to}" is not a registered push notification recipient`,
          details: { error: 'DeviceNotRegistered', expoPushToken: to },
        };
      }
      const ticketId = randomUUID();
      tickets.set(ticketId, to);
      expo.push({ ...(message as object), to, ticketId, at: Date.now() });
      return { status: 'ok', id: ticketId };
    });
    json(response, 200, { data });
  }

  function expoReceipts(body: unknown, response: http.ServerResponse) {
    const ids = ((body as { ids?: unknown }).ids ?? []) as string[];
    receiptsAsked.push(ids);
    const data: Record<string, unknown> = {};
    for (const id of ids) {
      const to = tickets.get(id);
      if (!to) continue;
      data[id] = goneOnReceipt.has(to)
        ? { status: 'error', message: 'The recipient device is not registered with FCM.', details: { error: 'DeviceNotRegistered' } }
        : { status: 'ok' };
    }
    json(response, 200, { data });
  }

  function oauthToken(raw: string, response: http.ServerResponse) {
    const form = new URLSearchParams(raw);
    const refuse = (reason: string, claims: Record<string, unknown> | null = null) => {
      tokenRequests.push({ ok: false, reason, claims });
      json(response, 400, { error: 'invalid_grant', error_description: reason });
    };
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return refuse('unsupported grant_type');
    const parts = (form.get('assertion') ?? '').split('.');
    if (parts.length !== 3) return refuse('the assertion is not a JWT');
    const [head, payload, signature] = parts as [string, string, string];
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, unknown>;
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return refuse('the assertion is not JSON');
    }
    if (header.alg !== 'RS256') return refuse('the assertion must be signed RS256', claims);
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${head}.${payload}`);
    if (!verifier.verify(publicKey, Buffer.from(signature, 'base64url'))) return refuse('Invalid JWT Signature.', claims);
    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== clientEmail) return refuse('unknown service account', claims);
    if (claims.aud !== `${url}/token`) return refuse('the audience must be the token endpoint', claims);
    if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(FCM_SCOPE)) return refuse('the firebase.messaging scope is missing', claims);
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= now || claims.iat > now + 60 || claims.exp - claims.iat > 3600) {
      return refuse('Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.', claims);
    }
    const accessToken = `ya29.fake-${randomUUID()}`;
    accessTokens.add(accessToken);
    tokenRequests.push({ ok: true, reason: null, claims });
    json(response, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  function fcmSend(project: string, authorization: string | undefined, body: unknown, response: http.ServerResponse) {
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : null;
    if (!bearer || !accessTokens.has(bearer)) {
      return json(response, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
    }
    if (project !== projectId) return json(response, 403, { error: { code: 403, message: 'SenderId mismatch', status: 'PERMISSION_DENIED' } });
    const message = ((body as { message?: Record<string, unknown> }).message ?? {}) as Record<string, unknown>;
    const token = String(message.token ?? '');
    if (!token)
      return json(response, 400, { error: { code: 400, message: 'The registration token is not a valid FCM registration token', status: 'INVALID_ARGUMENT' } });
    fcm.push({ project, token, ...(message as object), at: Date.now() } as FcmPush);
    if (gone.has(token)) {
      return json(response, 404, {
        error: {
          code: 404,
          message: 'Requested entity was not found.',
          status: 'NOT_FOUND',
          details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }],
        },
      });
    }
    json(response, 200, { name: `projects/${project}/messages/${randomUUID()}` });
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (request.url ?? '/').split('?')[0]!;
      const parse = () => {
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          return null;
        }
      };
      try {
        if (request.method !== 'POST') return json(response, 405, { error: 'method not allowed' });
        if (path === '/--/api/v2/push/send') {
          if (!failing('expo', response)) expoSend(parse(), response);
        } else if (path === '/--/api/v2/push/getReceipts') {
          if (!failing('expo', response)) expoReceipts(parse() ?? {}, response);
        } else if (path === '/token') {
          if (!failing('oauth', response)) oauthToken(raw, response);
        } else {
          const match = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path);
          if (!match) return json(response, 404, { error: 'not found' });
          if (!failing('fcm', response)) fcmSend(match[1]!, request.headers.authorization, parse() ?? {}, response);
        }
      } catch (error) {
        json(response, 500, { error: { code: 500, message: (error as Error).message, status: 'INTERNAL' } });
      } finally {
        notify();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    expo,
    fcm,
    tokenRequests,
    receiptsAsked,
    /** The service account this fake trusts (what a Firebase key file holds, token_uri pointing here). */
    serviceAccount: () => ({
      projectId,
      clientEmail,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      privateKeyId: keyId,
      tokenUri: `${url}/token`,
    }),
    /** The token is unknown to the services from now on (refused at send). */
    forget: (token: string) => gone.add(token),
    /** An Expo token accepted at send whose receipt then says DeviceNotRegistered. */
    forgetOnReceipt: (token: string) => goneOnReceipt.add(token),
    /** The next `count` requests to that service answer 503. */
    failNext: (service: Service, count: number) => {
      failures[service] += count;
    },
    /** Forgets issued access tokens (as if they expired): FCM answers 401 until a new one is fetched. */
    expireAccessTokens: () => accessTokens.clear(),
    /** Resolves when at least `want` pushes (Expo + FCM) arrived. */
    waitForPushes: (want: number, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const count = () => expo.length + fcm.length;
        if (count() >= want) return resolve();
        const timer = setTimeout(() => reject(new Error(`expected ${want} pushes, got ${count()}`)), timeoutMs);
        waiters.push({ count, want, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
