// A customer's message processed again after a crash (its inbox event was finished but the process
// died before marking it done) is not answered again: the AI answer, the chat memory and the
// "answered" mark were committed with the queued reply, so the re-run neither calls the paid model
// nor sends a second reply. (crashRecovery.test.ts does the same with a real kill -9.)
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { inboxSignal } from '../whatsapp/webhook/inboxSignal.js';

describe.each(DATABASE_KINDS)('the AI reply re-run after a crash on %s', (kind) => {
  let kit: WhatsAppKit;
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await startFakeModelServer();
    kit = await startWhatsAppKit(kind, { providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl } });
    const admin = await kit.server.signIn({ clientId: null, platformAdmin: true });
    await admin.caller.gateway.registry.upsert({
      provider: 'openai',
      modelName: 'rerun-bot',
      contextWindow: 100_000,
      maxOutputTokens: 500,
      inputPricePerMillion: '1',
      outputPricePerMillion: '1',
    });
    await admin.caller.gateway.config.update({ defaultModel: 'openai/rerun-bot', fallbackChain: [], openaiApiKey: 'sk-platform-openai' });
  });
  afterAll(async () => {
    await kit?.dispose();
    await fake?.close();
  });

  it('neither calls the model again nor queues a second reply', async () => {
    const client = await kit.newClient();
    const phone = '5511966660001';
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'Qual o horário?')] }));
    await kit.settle();
    const { app } = kit.server;
    const { webhookInbox, messages } = app.db.t;
    const sentTo = () => kit.graph.sent.filter((sent) => sent.to === phone).length;
    expect(fake.requestsFor('rerun-bot')).toHaveLength(1);
    expect(sentTo()).toBe(1);

    // What a kill between finishing the event and marking it done leaves (lease already expired).
    await app.db.system((tx) =>
      tx
        .update(webhookInbox)
        .set({ state: 'pending', processedAt: null, lockedBy: null, lockedUntil: null })
        .where(and(eq(webhookInbox.clientId, client.id), eq(webhookInbox.kind, 'message'))),
    );
    inboxSignal(app).wake();
    await kit.settle();

    const [event] = await app.db.system((tx) =>
      tx
        .select()
        .from(webhookInbox)
        .where(and(eq(webhookInbox.clientId, client.id), eq(webhookInbox.kind, 'message'))),
    );
    expect(event).toMatchObject({ state: 'done', attempts: 2, lastError: 'already answered' });
    expect(fake.requestsFor('rerun-bot')).toHaveLength(1);
    expect(sentTo()).toBe(1);
    const outgoing = await app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, client.id), eq(messages.direction, 'outgoing'))),
    );
    expect(outgoing).toHaveLength(1);
    expect(outgoing[0]!.replyKey).toMatch(/\/ai$/);
  });
});
