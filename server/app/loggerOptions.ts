// Request logging without secrets. Query strings carry them (the webhook handshake's
// hub.verify_token, /media?token=, the live stream's connectionParams with the session token, a
// tRPC GET's input), so every logged URL keeps its path and parameter names but not their values;
// the headers that carry credentials are redacted too.
import type { FastifyRequest } from 'fastify';
import { serializeError } from './serializeError.js';

export const REDACTED = '[redacted]';

/** `/path?a=1&b=2` → `/path?a=[redacted]&b=[redacted]` (names kept: they help to read a log). */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const names = url
    .slice(mark + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=${REDACTED}`);
  return `${url.slice(0, mark)}?${names.join('&')}`;
}

export function loggerOptions(level: string, stream?: { write(line: string): void }) {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-hub-signature-256"]', 'req.headers["x-uzz-launch-token"]'],
    serializers: {
      // Failed queries are logged without their parameters, and bounded.
      err: serializeError,
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}
