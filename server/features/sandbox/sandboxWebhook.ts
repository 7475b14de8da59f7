// The sandbox's side of the webhook: Cloud API payloads built the way Meta writes them (ASCII-escaped
// JSON, `whatsapp_business_account` envelope, metadata with the business number), signed with the
// sandbox number's app secret and POSTed to the server's own webhook route in-process (fastify
// inject on the instance the sandbox feature kept when routes were registered). So everything the
// sandbox says goes through signature checks, webhook_inbox and the processor like Meta's traffic.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { metaJson } from '#server/dev/fakeGraph/signedPost.js';
import { WEBHOOK_PATH } from '../whatsapp/index.js';
import { signBody } from '../whatsapp/index.js';
import { SANDBOX_DISPLAY_PHONE, SandboxUnavailableError, type SandboxNumber } from '../whatsapp/index.js';

type Json = Record<string, unknown>;

/** The running server's HTTP instance (set by sandboxFeature.registerRoutes). */
export const sandboxHttp = perApp<AppContext, { instance: FastifyInstance | null }>(() => ({ instance: null }));

export class WebhookRejectedError extends Error {
  override name = 'WebhookRejectedError';
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

export function sandboxEnvelope(number: SandboxNumber, value: { messages?: Json[]; statuses?: Json[]; contacts?: Json[] }): Json {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.phoneNumberId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: SANDBOX_DISPLAY_PHONE, phone_number_id: number.phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** POSTs a signed webhook to the server's own route; resolves with how many events it stored. */
export async function deliverSandboxWebhook(app: AppContext, number: SandboxNumber, value: Parameters<typeof sandboxEnvelope>[1]): Promise<number> {
  const http = sandboxHttp(app).instance;
  if (!http) throw new SandboxUnavailableError('the sandbox number works only inside the running server');
  const body = Buffer.from(metaJson(sandboxEnvelope(number, value)), 'utf8');
  const response = await http.inject({
    method: 'POST',
    url: WEBHOOK_PATH,
    payload: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, number.appSecret) },
  });
  let json: Json = {};
  try {
    json = JSON.parse(response.body) as Json;
  } catch {
    // reported below by status
  }
  if (response.statusCode !== 200) {
    throw new WebhookRejectedError(
      `the webhook route refused the sandbox's delivery: ${String(json.error ?? `HTTP ${response.statusCode}`)}`,
      response.statusCode,
    );
  }
  return typeof json.stored === 'number' ? json.stored : 0;
}

const seconds = () => String(Math.floor(Date.now() / 1000));

/** A status update as Meta sends it (pricing and conversation on `sent`, like the Cloud API). */
export function statusEvent(wamid: string, state: 'sent' | 'delivered' | 'read', recipient: string, opaque: string | null): Json {
  return {
    id: wamid,
    status: state,
    timestamp: seconds(),
    recipient_id: recipient,
    ...(state === 'sent'
      ? {
          conversation: { id: `sandbox-${recipient}`, origin: { type: 'service' } },
          pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
        }
      : {}),
    ...(opaque ? { biz_opaque_callback_data: opaque } : {}),
  };
}

export { seconds as webhookTimestamp };
