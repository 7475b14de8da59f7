// GET /webhooks/whatsapp (Meta's subscription handshake) and POST /webhooks/whatsapp (events).
// The POST checks the signature over the raw bytes before parsing them, stores every event of an
// active client, answers 200 and leaves the work (AI, flows, sending) to the inbox processor.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '#server/app/appContext.js';
import { extractInboxEvents, MalformedWebhookError, type InboxEventDraft } from './extractInboxEvents.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './jsonDepthExceeds.js';
import { resolveWebhookClient, type WebhookClient } from './resolveWebhookClient.js';
import { inboxWriter } from './inboxWriter.js';
import { MAX_PHONE_NUMBER_IDS, scanPhoneNumberIds } from './scanPhoneNumberIds.js';
import { verifySignature } from './verifySignature.js';
import { verifyTokenMatches } from './verifyTokenMatches.js';

export const WEBHOOK_PATH = '/webhooks/whatsapp';

export async function registerWebhookRoutes(http: FastifyInstance, app: AppContext): Promise<void> {
  http.get(WEBHOOK_PATH, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const challenge = query['hub.challenge'];
    if (query['hub.mode'] !== 'subscribe' || typeof challenge !== 'string') {
      return reply.code(400).send({ error: 'expected hub.mode=subscribe, hub.challenge and hub.verify_token' });
    }
    if (!(await verifyTokenMatches(app, String(query['hub.verify_token'] ?? '')))) {
      request.log.warn('WhatsApp webhook verification with an unknown verify token');
      return reply.code(403).send({ error: 'verify token does not match' });
    }
    return reply.code(200).type('text/plain').send(challenge);
  });

  // Own plugin scope: only this route sees the body as raw bytes (the signature is over them).
  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post(WEBHOOK_PATH, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['x-hub-signature-256'];
      if (typeof signature !== 'string' || !signature.startsWith('sha256=')) {
        request.log.warn('WhatsApp webhook without X-Hub-Signature-256');
        return reply.code(401).send({ error: 'missing X-Hub-Signature-256' });
      }
      // Owners from a scan of the raw bytes, then every owner's signature, and only then any
      // parsing: an unsigned body costs an HMAC and at most a few cached lookups, never a parse or a write.
      const phoneNumberIds = scanPhoneNumberIds(raw);
      if (phoneNumberIds === null) return reply.code(400).send({ error: `the body names more than ${MAX_PHONE_NUMBER_IDS} phone number ids` });
      const owners = new Map<string, WebhookClient>();
      for (const id of phoneNumberIds) {
        const owner = await resolveWebhookClient(app, id);
        if (owner) owners.set(id, owner);
      }
      if (owners.size === 0) {
        const platformSecret = app.config.whatsapp.appSecret;
        if (platformSecret && !verifySignature(raw, signature, platformSecret)) return reply.code(401).send({ error: 'bad signature' });
        request.log.warn({ phoneNumberIds }, 'WhatsApp webhook for phone number ids no client owns: ignored');
        return reply.code(200).send({ ok: true, stored: 0 });
      }
      for (const owner of new Set(owners.values())) {
        if (!owner.appSecret) {
          request.log.error({ clientId: owner.clientId }, 'WhatsApp webhook for a client without an app secret (and no WHATSAPP_APP_SECRET)');
          return reply.code(401).send({ error: 'no app secret configured to check the signature' });
        }
        if (!verifySignature(raw, signature, owner.appSecret)) {
          request.log.warn({ clientId: owner.clientId }, 'WhatsApp webhook with a bad signature');
          return reply.code(401).send({ error: 'bad signature' });
        }
      }

      if (jsonDepthExceeds(raw)) return reply.code(400).send({ error: `the body nests deeper than ${MAX_JSON_DEPTH} levels` });
      let drafts: InboxEventDraft[];
      try {
        drafts = extractInboxEvents(JSON.parse(raw.toString('utf8')));
      } catch (error) {
        const reason = error instanceof MalformedWebhookError ? error.message : 'the body is not valid JSON';
        return reply.code(400).send({ error: reason });
      }

      const byClient = new Map<string, InboxEventDraft[]>();
      const notActive = new Map<string, number>();
      for (const draft of drafts) {
        // Only ids found by the scan had their owner's signature checked; anything else is ignored.
        const owner = owners.get(draft.phoneNumberId);
        if (!owner) {
          request.log.warn({ phoneNumberId: draft.phoneNumberId }, 'WhatsApp event for a phone number id no client owns: ignored');
          continue;
        }
        // A suspended (or inactive) client's events are acknowledged, so Meta stops re-sending them,
        // but not stored: nothing is answered, no model is paid for, nothing waits to run later.
        if (owner.status !== 'active') {
          notActive.set(owner.clientId, (notActive.get(owner.clientId) ?? 0) + 1);
          continue;
        }
        byClient.set(owner.clientId, [...(byClient.get(owner.clientId) ?? []), draft]);
      }
      for (const [clientId, events] of notActive)
        request.log.warn({ clientId, events }, 'WhatsApp events for a client that is not active: acknowledged, not stored');
      let stored = 0;
      const counts = await Promise.all([...byClient].map(([clientId, events]) => inboxWriter(app).write(clientId, events)));
      for (const count of counts) stored += count; // the writer's commit woke the inbox processors
      return reply.code(200).send({ ok: true, stored, ...(notActive.size > 0 ? { ignored: [...notActive.values()].reduce((a, b) => a + b, 0) } : {}) });
    });
  });
}
