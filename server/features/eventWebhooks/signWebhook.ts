// Signing a delivery: HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's secret, sent as
// `x-uzz-signature: v1=<hex>` (and a second `v1=` with the previous secret while a rotation
// overlaps), the timestamp (Unix seconds) in `x-uzz-timestamp`. The receiver recomputes it and
// refuses old timestamps (replays). Secrets are "whsec_" + 32 random bytes, shown once.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function signatureFor(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  return secrets.map((secret) => `v1=${signatureFor(secret, timestamp, body)}`).join(',');
}

/** What a receiver does (the docs show the same in n8n): true when one v1 signature matches and the timestamp is recent. */
export function verifyWebhookSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  toleranceSeconds = 300,
  now = Date.now(),
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureFor(secret, timestamp, body), 'hex');
  return (headers.signature ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
