// The test customer writes to the sandbox number: the message becomes a Cloud API webhook, signed
// and posted to the server's own webhook route, so it takes the path a real customer's does. The
// call returns once the route has stored it in webhook_inbox.
import { TRPCError } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import { newSandboxWamid, storeSandboxMedia } from './sandboxGraphClient.js';
import { SANDBOX_DISPLAY_PHONE, sandboxNumberOf } from '../whatsapp/index.js';
import { deliverSandboxWebhook, webhookTimestamp, WebhookRejectedError } from './sandboxWebhook.js';
import { findTestCustomer } from './testCustomers.js';
import { MAX_MEDIA_BYTES, type TestPhoneMessage } from './testPhoneInput.js';

type Json = Record<string, unknown>;

function decode(dataBase64: string): Buffer {
  const bytes = Buffer.from(dataBase64, 'base64');
  if (bytes.length === 0) throw new TRPCError({ code: 'BAD_REQUEST', message: 'the file is empty' });
  if (bytes.length > MAX_MEDIA_BYTES) throw new TRPCError({ code: 'BAD_REQUEST', message: 'the file is larger than 5 MB' });
  return bytes;
}

const context = (wamid: string | undefined) => (wamid ? { context: { from: SANDBOX_DISPLAY_PHONE, id: wamid } } : {});

async function body(app: AppContext, clientId: string, message: TestPhoneMessage): Promise<Json> {
  switch (message.type) {
    case 'text':
      return { type: 'text', text: { body: message.text } };
    case 'button_reply':
      return {
        type: 'interactive',
        ...context(message.contextWamid),
        interactive: { type: 'button_reply', button_reply: { id: message.id, title: message.title } },
      };
    case 'list_reply':
      return {
        type: 'interactive',
        ...context(message.contextWamid),
        interactive: {
          type: 'list_reply',
          list_reply: { id: message.id, title: message.title, ...(message.description ? { description: message.description } : {}) },
        },
      };
    case 'image': {
      const media = await storeSandboxMedia(app, clientId, decode(message.dataBase64), message.mimeType);
      return {
        type: 'image',
        image: { id: media.id, mime_type: message.mimeType, sha256: media.sha256, ...(message.caption ? { caption: message.caption } : {}) },
      };
    }
    case 'audio': {
      const media = await storeSandboxMedia(app, clientId, decode(message.dataBase64), message.mimeType);
      return { type: 'audio', audio: { id: media.id, mime_type: message.mimeType, sha256: media.sha256, voice: true } };
    }
    case 'location':
      return {
        type: 'location',
        location: {
          latitude: message.latitude,
          longitude: message.longitude,
          ...(message.name ? { name: message.name } : {}),
          ...(message.address ? { address: message.address } : {}),
        },
      };
  }
}

export async function testPhoneSend(app: AppContext, clientId: string, input: { customerId: string; message: TestPhoneMessage }): Promise<{ wamid: string }> {
  const customer = await findTestCustomer(app, clientId, input.customerId);
  const number = await sandboxNumberOf(app, clientId);
  const wamid = newSandboxWamid();
  const message = { from: customer.waId, id: wamid, timestamp: webhookTimestamp(), ...(await body(app, clientId, input.message)) };
  let stored: number;
  try {
    stored = await deliverSandboxWebhook(app, number, { contacts: [{ profile: { name: customer.name }, wa_id: customer.waId }], messages: [message] });
  } catch (error) {
    if (error instanceof WebhookRejectedError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
    throw error;
  }
  if (stored !== 1) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'the message was not accepted: the client is not active' });
  return { wamid };
}
