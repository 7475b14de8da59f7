// One delivery attempt (a job, webhooks.deliver): the event's JSON POSTed to the endpoint, signed
// (signWebhook.ts), under the platform's outbound address policy (server/net: only public
// addresses, checked on every DNS answer at connect time; redirects are never followed, as for the
// flow HTTP block, so a redirect cannot lead to a private address). 2xx is delivered; anything else
// (a 3xx included), a timeout or a network error is retried with exponential backoff for up to a
// day. An endpoint failing every delivery for `disableAfterMs` is disabled and the client's admins
// are told (a live event; the webhooks page shows why).
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { guardedRequest, OutboundRequestError } from '#server/net/guardedRequest.js';
import { PermanentJobError, type RunningJob } from '#server/jobs/index.js';
import { signatureHeader } from './signWebhook.js';
import { forgetEndpoints } from './subscribedEndpoints.js';
import { webhookSettings } from './webhookSettings.js';

export const ENDPOINT_DISABLED_EVENT = 'webhooks.endpoint_disabled';
const EXCERPT_CHARS = 500;

export async function deliverWebhook(app: AppContext, job: RunningJob): Promise<void> {
  const deliveryId = String(job.payload.deliveryId ?? '');
  const clientId = job.clientId;
  if (!clientId || !deliveryId) throw new PermanentJobError('a webhook delivery job without its client or delivery');
  const settings = webhookSettings(app);
  const { webhookDeliveries: d, webhookEndpoints: w } = app.db.t;

  const loaded = await app.db.tenant(clientId, async (tx) => {
    const [delivery] = await tx
      .select()
      .from(d)
      .where(and(eq(d.id, deliveryId), eq(d.clientId, clientId)));
    if (!delivery) return null;
    const [endpoint] = await tx
      .select()
      .from(w)
      .where(and(eq(w.id, delivery.endpointId), eq(w.clientId, clientId)));
    if (!endpoint) return null;
    const secrets = [await app.vault.read(tx, endpoint.secretId)];
    if (endpoint.previousSecretId && endpoint.previousSecretUntil && endpoint.previousSecretUntil > new Date()) {
      secrets.push(await app.vault.read(tx, endpoint.previousSecretId));
    }
    return { delivery, endpoint, secrets };
  });
  if (!loaded || loaded.delivery.status === 'delivered') return; // deleted endpoint, or a redelivery already done
  const { delivery, endpoint, secrets } = loaded;
  if (!endpoint.isActive) {
    await record({ status: 'failed', lastError: 'the endpoint is disabled' });
    return;
  }

  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  let statusCode: number | null = null;
  let excerpt: string | null = null;
  let error: string | null = null;
  try {
    const response = await guardedRequest({
      url: endpoint.url,
      method: 'POST',
      timeoutMs: settings.timeoutMs,
      maxBytes: 64 * 1024,
      allowPrivateNetwork: app.config.allowPrivateNetwork,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'uzz-webhooks/1',
        'x-uzz-event': delivery.eventType,
        'x-uzz-event-id': delivery.eventId,
        'x-uzz-delivery': delivery.id,
        'x-uzz-timestamp': String(timestamp),
        'x-uzz-signature': signatureHeader(secrets, timestamp, body),
      },
      body,
    });
    statusCode = response.status;
    excerpt = response.body.toString('utf8').slice(0, EXCERPT_CHARS);
    if (response.status >= 300 && response.status < 400) {
      error = `answered ${response.status} (redirect to ${String(response.headers.location ?? '?')}): redirects are not followed, register the final URL`;
    } else if (response.status < 200 || response.status >= 300) error = `answered ${response.status}`;
  } catch (caught) {
    if (!(caught instanceof OutboundRequestError)) throw caught;
    statusCode = caught.status;
    error = caught.message;
  }
  const latencyMs = Math.round(performance.now() - started);

  if (!error) {
    await app.db.tenant(clientId, async (tx) => {
      await tx
        .update(d)
        .set({
          status: 'delivered',
          attempts: delivery.attempts + 1,
          lastStatusCode: statusCode,
          lastLatencyMs: latencyMs,
          lastResponseExcerpt: excerpt,
          lastError: null,
          deliveredAt: new Date(),
        })
        .where(and(eq(d.id, delivery.id), eq(d.clientId, clientId)));
      await tx
        .update(w)
        .set({ failingSince: null })
        .where(and(eq(w.id, endpoint.id), eq(w.clientId, clientId)));
    });
    return;
  }

  const now = new Date();
  const failingSince = endpoint.failingSince ?? now;
  const disable = now.getTime() - failingSince.getTime() >= settings.disableAfterMs;
  const expired = now.getTime() - delivery.createdAt.getTime() >= settings.retryForMs || job.attempt >= job.maxAttempts;
  const final = disable || expired;
  await app.db.tenant(clientId, async (tx) => {
    await tx
      .update(d)
      .set({
        status: final ? 'failed' : 'pending',
        attempts: delivery.attempts + 1,
        lastStatusCode: statusCode,
        lastLatencyMs: latencyMs,
        lastResponseExcerpt: excerpt,
        lastError: error,
      })
      .where(and(eq(d.id, delivery.id), eq(d.clientId, clientId)));
    const reason = `every delivery failed since ${failingSince.toISOString()} (last: ${error})`;
    await tx
      .update(w)
      .set(disable ? { failingSince, isActive: false, disabledAt: now, disabledReason: reason } : { failingSince })
      .where(and(eq(w.id, endpoint.id), eq(w.clientId, clientId)));
    if (disable) app.events.publish(clientId, ENDPOINT_DISABLED_EVENT, { endpointId: endpoint.id, url: endpoint.url, reason }, { minRole: 'admin' });
  });
  if (disable) {
    forgetEndpoints(app, clientId);
    throw new PermanentJobError(`webhook endpoint ${endpoint.id} disabled: ${error}`);
  }
  if (expired) throw new PermanentJobError(`webhook delivery ${delivery.id} given up after ${delivery.attempts + 1} attempts: ${error}`);
  throw new Error(`webhook delivery failed: ${error}`);

  async function record(changes: { status: 'failed'; lastError: string }) {
    await app.db.tenant(clientId!, (tx) =>
      tx
        .update(d)
        .set(changes)
        .where(and(eq(d.id, deliveryId), eq(d.clientId, clientId!))),
    );
  }
}
