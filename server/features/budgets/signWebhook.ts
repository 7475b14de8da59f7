import { createHmac } from 'node:crypto';

/**
 * `X-Uzz-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp inside the
 * signature lets the receiver refuse replays (as Stripe's scheme does).
 */
export function signWebhook(key: string, body: string, at = Date.now()): string {
  const timestamp = Math.floor(at / 1000);
  const signature = createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
