// Signing a delivery, the scheme the budget-alert webhook uses too (Stripe's): HMAC-SHA256 over
// "<timestamp>.<body>" with the endpoint's secret, sent as
// `x-uzz-signature: t=<unix seconds>,v1=<hex>` — with a second `v1=` made with the previous secret
// while a rotation overlaps. The receiver recomputes it and refuses old timestamps (replays).
// Secrets are "whsec_" + 32 random bytes, shown once.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function signatureFor(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secrets: string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signatureFor(secret, timestamp, body)}`)].join(',');
}

/** What a receiver does (docs/n8n.md shows the same in n8n): true when a v1 signature matches and t is recent. */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const parts = (header ?? '').split(',').map((part) => part.trim());
  const timestamp = Number(parts.find((part) => part.startsWith('t='))?.slice(2));
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureFor(secret, timestamp, body), 'hex');
  return parts
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
