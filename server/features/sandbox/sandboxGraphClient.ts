// The sandbox transport: the same interface as the Graph client (graph/graphClient.ts), standing
// where Meta would. A send answers with a `wamid.sandbox…` id and, like Meta, reports the message's
// progress later as signed status webhooks (sent at once, delivered shortly after, read when the
// test phone has the chat open or marks it read). Media lives in sandbox_media. Templates need a
// real WhatsApp Business account: they are refused with a clear error.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { GraphApiError, MediaTooLargeError, type GraphClient } from '../whatsapp/index.js';
import { sandboxNumberOf, type SandboxNumber } from '../whatsapp/index.js';
import { deliverSandboxWebhook, statusEvent } from './sandboxWebhook.js';

/** How long after `sent` the sandbox reports `delivered` (a phone on a good network). */
export const DELIVERED_AFTER_MS = 150;
const MEDIA_URL_PREFIX = 'sandbox-media:';

type SandboxState = { timers: Set<NodeJS.Timeout>; inFlight: Set<Promise<void>>; openChats: Set<string>; stopped: boolean };
/** Pending status timers (cleared when the server stops) and the chats the test phone has open. */
export const sandboxState = perApp<AppContext, SandboxState>(() => ({ timers: new Set(), inFlight: new Set(), openChats: new Set(), stopped: false }));

export const chatKey = (clientId: string, customer: string) => `${clientId}\u0000${customer}`;

export const newSandboxWamid = () => `wamid.sandbox.${randomBytes(12).toString('hex')}`;

function later(app: AppContext, ms: number, work: () => Promise<void>): void {
  const state = sandboxState(app);
  if (state.stopped) return;
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    if (state.stopped) return;
    // Tracked so stopping the server waits for it before the database closes.
    const running = work()
      .catch((error: unknown) => app.log.warn({ err: error }, 'sandbox status webhook not delivered'))
      .finally(() => state.inFlight.delete(running));
    state.inFlight.add(running);
  }, ms);
  state.timers.add(timer);
}

/** Reports sent, then delivered, then read when the chat is open on the test phone. */
export function scheduleStatuses(app: AppContext, number: SandboxNumber, wamid: string, recipient: string, opaque: string | null): void {
  later(app, 0, async () => {
    await deliverSandboxWebhook(app, number, { statuses: [statusEvent(wamid, 'sent', recipient, opaque)] });
    later(app, DELIVERED_AFTER_MS, async () => {
      const open = sandboxState(app).openChats.has(chatKey(number.clientId, recipient));
      await deliverSandboxWebhook(app, number, {
        statuses: [statusEvent(wamid, 'delivered', recipient, opaque), ...(open ? [statusEvent(wamid, 'read', recipient, opaque)] : [])],
      });
    });
  });
}

export async function storeSandboxMedia(app: AppContext, clientId: string, bytes: Buffer, mimeType: string): Promise<{ id: string; sha256: string }> {
  const { sandboxMedia } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) => tx.insert(sandboxMedia).values({ clientId, mimeType, bytes }).returning({ id: sandboxMedia.id }));
  return { id: row!.id, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export async function readSandboxMedia(app: AppContext, clientId: string, id: string): Promise<{ bytes: Buffer; mimeType: string } | null> {
  const { sandboxMedia } = app.db.t;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ bytes: sandboxMedia.bytes, mimeType: sandboxMedia.mimeType })
      .from(sandboxMedia)
      .where(and(eq(sandboxMedia.clientId, clientId), eq(sandboxMedia.id, id))),
  );
  return row ?? null;
}

const notFound = (what: string) => new GraphApiError(`${what} not found on the sandbox number`, 404, 100, 'Invalid parameter', what);

export async function sandboxGraphClient(app: AppContext, clientId: string, phoneNumberId: string): Promise<GraphClient> {
  const number = await sandboxNumberOf(app, clientId);
  if (number.phoneNumberId !== phoneNumberId)
    throw new GraphApiError('this sandbox number belongs to another client', 403, 200, 'Permission error', phoneNumberId);
  const noTemplates = () =>
    new GraphApiError(
      'message templates need a real WhatsApp Business account; the sandbox number has none',
      400,
      100,
      'Not available on the sandbox',
      'sandbox',
    );
  return {
    async sendMessage(body) {
      const to = typeof body.to === 'string' ? body.to : null;
      if (!to) throw new GraphApiError('the message has no recipient (to)', 400, 100, 'Invalid parameter', 'to');
      if (body.type === 'template') throw noTemplates();
      const wamid = newSandboxWamid();
      scheduleStatuses(app, number, wamid, to, typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : null);
      return { wamid, waId: to };
    },
    // The business read the customer's message: nothing to tell the (simulated) customer's phone.
    async markRead() {},
    async uploadMedia(file) {
      return (await storeSandboxMedia(app, clientId, file.bytes, file.mimeType)).id;
    },
    async getMedia(mediaId) {
      const media = await readSandboxMedia(app, clientId, mediaId);
      if (!media) throw notFound('media');
      return {
        url: `${MEDIA_URL_PREFIX}${mediaId}`,
        mimeType: media.mimeType,
        sha256: createHash('sha256').update(media.bytes).digest('hex'),
        fileSize: media.bytes.length,
      };
    },
    async download(url, maxBytes) {
      if (!url.startsWith(MEDIA_URL_PREFIX)) throw new GraphApiError('media download refused: not a sandbox media URL', null, null, null, null);
      const media = await readSandboxMedia(app, clientId, url.slice(MEDIA_URL_PREFIX.length));
      if (!media) throw notFound('media');
      if (media.bytes.length > maxBytes) throw new MediaTooLargeError(media.bytes.length, maxBytes);
      return { bytes: media.bytes, contentType: media.mimeType };
    },
    // What the WhatsApp connection wizard asks Meta about a real number; the sandbox answers for itself.
    async getPhoneNumber() {
      return { displayPhoneNumber: number.phoneNumberId, verifiedName: 'Sandbox', qualityRating: null, codeVerificationStatus: null };
    },
    async getBusinessAccount() {
      throw new GraphApiError('the sandbox number has no WhatsApp Business account', 400, 100, 'Not available on the sandbox', 'sandbox');
    },
    async listTemplates() {
      throw noTemplates();
    },
    async createTemplate() {
      throw noTemplates();
    },
  };
}
