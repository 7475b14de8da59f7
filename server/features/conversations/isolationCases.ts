// Tenant isolation cases for conversations.* (see server/testing/isolation/isolationCase.ts).
import { expect } from 'vitest';
import type { FeatureIsolation, IsolationWorld } from '#server/testing/isolation/isolationCase.js';
import { signedPost, metaJson } from '#server/dev/fakeGraph/signedPost.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { waitForInboxDrained } from '../whatsapp/inbox/waitForInboxDrained.js';

const conversation = (world: IsolationWorld) => world.a.data['conversations.id'];
const notFound = { expect: 'denied' as const, code: 'NOT_FOUND' };

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a, server } = world;
    const phone = '5511987650000';
    const body = envelope(a.phoneNumberId, {
      contacts: [contact(phone, `Customer of ${a.slug}`)],
      messages: [inbound.text(phone, `secret order of ${a.slug}`)],
    });
    const response = await signedPost(`${server.url}/webhooks/whatsapp`, metaJson(body), a.secrets.appSecret);
    if (response.status !== 200) throw new Error(`webhook for client A answered ${response.status}`);
    await waitForInboxDrained(server.app, { clientId: a.clientId });
    const list = await a.members.agent.caller.conversations.list({});
    const row = list.items[0]!;
    world.remember(a, 'conversations.id', row.id);
    world.remember(a, 'conversations.phone', row.phone);
    // A failed outbound message (inserted directly: client A has no reachable Graph API here).
    const { messages } = server.app.db.t;
    const [failed] = await server.app.db.tenant(a.clientId, (tx) =>
      tx
        .insert(messages)
        .values({
          clientId: a.clientId,
          conversationId: row.id,
          phone: row.phone,
          content: `failed reply of ${a.slug}`,
          type: 'text',
          direction: 'outgoing',
          status: 'failed',
          metadata: { outbound: { kind: 'text', text: `failed reply of ${a.slug}` } },
          errorDetails: { code: 131026, reason: 'undeliverable' },
        })
        .returning(),
    );
    world.remember(a, 'conversations.failedMessageId', failed!.id);
  },
  cases: {
    'conversations.list': {
      why: "lists only the caller's client's conversations (db.tenant + client_id filter)",
      probes: () => [
        { input: {}, expect: 'allowed' },
        { input: { search: 'secret order' }, as: 'viewer', expect: 'allowed' },
      ],
    },
    'conversations.messages': {
      why: "another client's conversation id is not found",
      probes: (world) => [{ input: { conversationId: conversation(world) }, ...notFound }],
    },
    'conversations.send': {
      why: "enqueueOutbound loads the conversation inside the caller's tenant: another client's is not found",
      probes: (world) => [
        { input: { conversationId: conversation(world), content: { kind: 'template', name: 'x', language: 'pt_BR' } }, as: 'agent', ...notFound },
      ],
    },
    'conversations.takeOver': {
      why: "updates only the caller's client's conversation",
      probes: (world) => [{ input: { conversationId: conversation(world) }, as: 'agent', ...notFound }],
    },
    'conversations.transfer': {
      why: "updates only the caller's client's conversation",
      probes: (world) => [{ input: { conversationId: conversation(world) }, ...notFound }],
    },
    'conversations.returnToBot': {
      why: "updates only the caller's client's conversation",
      probes: (world) => [{ input: { conversationId: conversation(world) }, ...notFound }],
    },
    'conversations.assign': {
      why: "the conversation and the assignee must both belong to the caller's client",
      probes: (world) => [
        { input: { conversationId: conversation(world), userId: world.b.members.agent.userId }, ...notFound },
        { input: { conversationId: conversation(world), userId: world.a.members.agent.userId }, expect: 'denied' },
      ],
    },
    'conversations.markRead': {
      why: "resets only the caller's client's unread counts",
      probes: (world) => [{ input: { conversationId: conversation(world), receipt: true }, ...notFound }],
    },
    'conversations.retryMessage': {
      why: "another client's failed message is not found and is not re-queued",
      probes: (world) => [{ input: { messageId: world.a.data['conversations.failedMessageId'] }, as: 'agent', ...notFound }],
    },
    'conversations.resolve': {
      why: "moves only the caller's client's conversation (the guarded update is scoped to the tenant)",
      probes: (world) => [{ input: { conversationId: conversation(world) }, as: 'agent', ...notFound }],
    },
    'conversations.snooze': {
      why: "snoozes only the caller's client's conversation",
      probes: (world) => [{ input: { conversationId: conversation(world), until: null }, as: 'agent', ...notFound }],
    },
    'conversations.reopen': {
      why: "reopens only the caller's client's conversation",
      probes: (world) => [{ input: { conversationId: conversation(world) }, as: 'agent', ...notFound }],
    },
    'conversations.setPriority': {
      why: "sets the priority of the caller's client's conversation only",
      probes: (world) => [{ input: { conversationId: conversation(world), priority: 'urgent' }, as: 'agent', ...notFound }],
    },
    'conversations.takeoverPolicy': {
      why: "reads the caller's client's bot configuration only",
      probes: () => [{ input: {}, as: 'viewer', expect: 'allowed' }],
    },
    'conversations.setTakeoverPolicy': {
      why: "writes the caller's client's bot configuration only (another client id is refused)",
      probes: () => [{ input: { onTakeover: 'cancel' }, as: 'admin', expect: 'allowed' }],
    },
    'conversations.live': {
      why: "the stream is keyed by the caller's client id; another client's events never reach it",
      probes: () => [{ input: {}, expect: 'allowed' }],
      async check(world) {
        const stream = await world.b.members.viewer.caller.conversations.live({});
        const iterator = stream[Symbol.asyncIterator]();
        const next = iterator.next();
        world.server.app.events.publish(world.a.clientId, 'message.created', { content: `live secret of ${world.a.slug}` });
        world.server.app.events.publish(world.b.clientId, 'conversation.updated', { marker: 'own event' });
        const first = await Promise.race([next, new Promise((resolve) => setTimeout(() => resolve('timeout'), 5000))]);
        await iterator.return?.();
        expect(JSON.stringify(first)).toContain('own event');
        expect(JSON.stringify(first)).not.toContain('live secret');
      },
    },
  },
};
