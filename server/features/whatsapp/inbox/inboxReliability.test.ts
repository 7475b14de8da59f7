// The inbox under the conditions a crash-and-fault probe found: Meta delivering a customer's
// messages out of order, and database trouble (a pool timeout) hitting an event more often than
// its retry budget allows.
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Responder } from '#server/app/responder.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { contact, envelope, inbound } from '../fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';
import { waitForInboxDrained } from './waitForInboxDrained.js';

describe.each(DATABASE_KINDS)('the WhatsApp inbox on %s', (kind) => {
  let kit: WhatsAppKit;
  const saved = [...RESPONDERS];
  beforeAll(async () => {
    // A grace long enough for two deliveries on a busy machine.
    kit = await startWhatsAppKit(kind, { whatsapp: { orderGraceMs: 3000 } });
  });
  afterAll(() => kit?.dispose());
  afterEach(() => {
    RESPONDERS.length = 0;
    RESPONDERS.push(...saved);
  });

  it("answers a customer's messages in WhatsApp's order when Meta delivers them reversed", async () => {
    const client = await kit.newClient();
    const phone = '5511944440001';
    const seen: string[] = [];
    const recorder: Responder = {
      name: 'order-recorder',
      respond: async ({ text }) => {
        seen.push(text ?? '');
        return true;
      },
    };
    RESPONDERS.length = 0;
    RESPONDERS.push(recorder);
    const now = Math.floor(Date.now() / 1000);
    const first = inbound.text(phone, 'primeira', { timestamp: String(now - 2) });
    const second = inbound.text(phone, 'segunda', { timestamp: String(now - 1) });
    // The later message arrives first, in its own webhook; the earlier one right after.
    expect((await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [second] }))).status).toBe(200);
    expect((await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [first] }))).status).toBe(200);
    await waitForInboxDrained(kit.server.app, { clientId: client.id, timeoutMs: 20_000 });
    expect(seen).toEqual(['primeira', 'segunda']);
  });

  it('retries an event through database trouble without spending its retry budget', async () => {
    const client = await kit.newClient();
    const phone = '5511944440002';
    // Seven pool timeouts (more than the six attempts an event's own failures get), then a failure
    // of its own (which counts), then success.
    let timeouts = 7;
    let bugs = 1;
    const answered: string[] = [];
    const flaky: Responder = {
      name: 'pool-squeeze',
      respond: async ({ text }) => {
        if (timeouts > 0) {
          timeouts--;
          throw new Error('timeout exceeded when trying to connect');
        }
        if (bugs > 0) {
          bugs--;
          throw new Error('a bug in a responder');
        }
        answered.push(text ?? '');
        return true;
      },
    };
    RESPONDERS.length = 0;
    RESPONDERS.push(flaky);
    expect((await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'oi')] }))).status).toBe(200);
    await waitForInboxDrained(kit.server.app, { clientId: client.id, timeoutMs: 60_000 });
    expect(answered).toEqual(['oi']);
    const { webhookInbox } = kit.server.app.db.t;
    const [event] = await kit.server.app.db.system((tx) =>
      tx
        .select()
        .from(webhookInbox)
        .where(and(eq(webhookInbox.clientId, client.id), eq(webhookInbox.kind, 'message'))),
    );
    expect(event).toMatchObject({ state: 'done', failures: 1, attempts: 9 });
  });
});
