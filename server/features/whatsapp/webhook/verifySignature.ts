// X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body bytes with the app secret.
// Always over the bytes as received: Meta's body is ASCII-escaped JSON (\u00e9, \/), and any
// re-serialisation would change them and break the signature.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(body: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifySignature(body: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice(7).trim().toLowerCase(), 'utf8');
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'), 'utf8');
  // Length first: timingSafeEqual throws on different lengths (and the length is not a secret).
  return given.length === expected.length && timingSafeEqual(given, expected);
}
