// The fake Graph API has no media upload (POST /{phone-number-id}/media) yet. This real HTTP
// server stands in front of it: it accepts uploads the way Meta does (multipart with
// messaging_product, type and file; answers { id }), keeps them for the test to inspect, and
// forwards every other request to the fake Graph API unchanged.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from '../../../dev/fakeModels/multipart.js';

export type Upload = { id: string; phoneNumberId: string; type: string | null; fileName: string | null; bytes: Buffer; token: string | null };

/** `target()` is read per request: the fake Graph API may be started after this server. */
export async function startMediaUploadGraph(target: () => string) {
  const uploads: Upload[] = [];
  let failNext = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const match = /^\/v[\d.]+\/(\d+)\/media$/.exec((request.url ?? '').split('?')[0]!);
      if (request.method === 'POST' && match) {
        const send = (status: number, json: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(json));
        };
        if (failNext > 0) {
          failNext--;
          return send(500, { error: { message: 'An unknown error occurred', code: 1, type: 'OAuthException' } });
        }
        const parts = parseMultipart(body, request.headers['content-type'] ?? '');
        const field = (name: string) => parts.find((part) => part.name === name);
        const file = field('file');
        if (field('messaging_product')?.data.toString() !== 'whatsapp' || !file) {
          return send(400, { error: { message: '(#100) The parameter messaging_product is required.', code: 100 } });
        }
        const id = `${9_000_000_000_000 + uploads.length + 1}`;
        const auth = request.headers.authorization;
        uploads.push({ id, phoneNumberId: match[1]!, type: field('type')?.data.toString() ?? null, fileName: file.filename ?? null, bytes: file.data, token: auth?.startsWith('Bearer ') ? auth.slice(7) : null });
        return send(200, { id });
      }
      fetch(`${target()}${request.url}`, { method: request.method, headers: request.headers as Record<string, string>, body: ['GET', 'HEAD'].includes(request.method ?? 'GET') ? undefined : body })
        .then(async (forwarded) => {
          const headers: Record<string, string> = {};
          forwarded.headers.forEach((value, key) => {
            if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(key)) headers[key] = value;
          });
          response.writeHead(forwarded.status, headers);
          response.end(Buffer.from(await forwarded.arrayBuffer()));
        })
        .catch((error: unknown) => {
          response.writeHead(502);
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    uploads,
    failNextUpload(times = 1) {
      failNext += times;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
