// Event webhooks end to end on both databases: events raised by the real message path, the public
// API and the inbox reach a test receiver signed (verified as a receiver would), retried after 500s
// and timeouts, in order per conversation, logged with redeliver; a redirect to loopback is not
// followed; an endpoint failing for a day is disabled; secrets rotate with overlap.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsSettled } from '#server/jobs/index.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { end, flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { contact, envelope, inbound, status } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { verifyWebhookSignature } from './signWebhook.js';
import { webhookSettings } from './webhookSettings.js';

type Hit = { headers: http.IncomingHttpHeaders; body: string; event: { id: string; type: string; data: Record<string, any> } }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Receiver = { url: string; hits: Hit[]; answer: (hit: Hit, response: http.ServerResponse) => void; close(): Promise<void> };

async function receiver(): Promise<Receiver> {
  const hits: Hit[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const state: Receiver = {
    url: '',
    hits,
    answer: (_hit, response) => response.writeHead(200).end('ok'),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const hit = { headers: request.headers, body, event: JSON.parse(body || '{}') as Hit['event'] };
      hits.push(hit);
      state.answer(hit, response);
    });
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return state;
}

describe.each(DATABASE_KINDS)('event webhooks on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    // The receivers listen on loopback: the policy's own test below turns private addresses off again.
    kit = await startWhatsAppKit(kind, { allowPrivateNetwork: true });
    Object.assign(webhookSettings(kit.server.app), { backoffMs: 20, timeoutMs: 2_000 });
  });
  afterAll(() => kit?.dispose());

  async function tenant() {
    const client = await kit.newClient();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'owner' });
    return { client, owner };
  }
  const settle = async () => {
    await kit.settle();
    await jobsSettled(kit.server.app.db, ['webhooks.'], 30_000);
  };
  const writes = (phoneNumberId: string, phone: string, text: string, name = 'Maria') =>
    kit.deliver(envelope(phoneNumberId, { contacts: [contact(phone, name)], messages: [inbound.text(phone, text)] }));
  const deliveries = (owner: SignedIn, endpointId: string) => owner.caller.webhooks.deliveries({ endpointId, limit: 100 }).then((page) => page.items);

  it('signs each event so a receiver can verify it, and raises them from the message path', async () => {
    const { client, owner } = await tenant();
    const hook = await receiver();
    try {
      const { endpoint, secret } = await owner.caller.webhooks.create({
        url: hook.url,
        events: ['message.received', 'conversation.created', 'contact.created', 'message.sent', 'message.status_changed'],
      });
      expect(secret).toMatch(/^whsec_/);
      expect(JSON.stringify(await owner.caller.webhooks.list())).not.toContain(secret);
      await writes(client.phoneNumberId, '5511930000001', 'quero um orçamento');
      await settle();
      expect(hook.hits.map((hit) => hit.event.type)).toEqual(['contact.created', 'conversation.created', 'message.received']);
      for (const hit of hook.hits) {
        const headers = hit.headers['x-uzz-signature'] as string;
        expect(verifyWebhookSignature(secret, headers, hit.body)).toBe(true);
        expect(verifyWebhookSignature('whsec_wrong', headers, hit.body)).toBe(false);
        expect(verifyWebhookSignature(secret, headers, hit.body, 300, Date.now() + 10 * 60_000)).toBe(false); // a replay, later
        expect(verifyWebhookSignature(secret, headers, hit.body.replace('}', ',"x":1}'))).toBe(false);
        expect(hit.headers['x-uzz-event']).toBe(hit.event.type);
      }
      expect(hook.hits[2]!.event.data.message).toMatchObject({ content: 'quero um orçamento', direction: 'incoming', phone: '5511930000001' });

      // The second message of the same customer: no new contact or conversation.
      await writes(client.phoneNumberId, '5511930000001', 'e o prazo?');
      await settle();
      expect(hook.hits.slice(3).map((hit) => hit.event.type)).toEqual(['message.received']);

      // An agent's reply: sent (Meta accepted), then delivered (the status webhook).
      const conversationId = hook.hits[2]!.event.data.message.conversationId as string;
      await owner.caller.conversations.takeOver({ conversationId });
      await owner.caller.conversations.send({ conversationId, content: { kind: 'text', text: 'Segue o orçamento' } });
      await settle();
      const sentHit = hook.hits.find((hit) => hit.event.type === 'message.sent')!;
      expect(sentHit.event.data.message).toMatchObject({ content: 'Segue o orçamento', status: 'sent' });
      await kit.deliver(envelope(client.phoneNumberId, { statuses: [status(sentHit.event.data.message.wamid, 'delivered', '5511930000001')] }));
      await settle();
      expect(hook.hits.at(-1)!.event).toMatchObject({ type: 'message.status_changed', data: { previousStatus: 'sent', message: { status: 'delivered' } } });

      const log = await deliveries(owner, endpoint.id);
      expect(log.every((row) => row.status === 'delivered' && row.attempts === 1 && row.lastStatusCode === 200 && row.lastResponseExcerpt === 'ok')).toBe(true);
      expect(log.every((row) => typeof row.lastLatencyMs === 'number')).toBe(true);
    } finally {
      await hook.close();
    }
  });

  it('raises contact.created and contact.updated for the contacts a CSV import adds and updates', async () => {
    const { client, owner } = await tenant();
    const hook = await receiver();
    try {
      await writes(client.phoneNumberId, '5511930000011', 'oi', 'Antes');
      await settle();
      await owner.caller.webhooks.create({ url: hook.url, events: ['contact.created', 'contact.updated'] });
      const csv = 'Telefone,Nome\n5511930000011,Depois\n5511930000012,Nova\n5511930000012,Repetida\nnot-a-number,X\n';
      const started = await owner.caller.contacts.import.start({ fileName: 'clientes.csv', csv, mapping: { Telefone: 'phone', Nome: 'name' } });
      await jobsSettled(kit.server.app.db, ['contacts.import'], 60_000);
      await settle();
      const events = hook.hits.map((hit) => [hit.event.type, hit.event.data.contact.phone, hit.event.data.contact.name, hit.event.data.importId]);
      expect(events.sort()).toEqual([
        ['contact.created', '5511930000012', 'Nova', started.id],
        ['contact.updated', '5511930000011', 'Depois', started.id],
      ]);
    } finally {
      await hook.close();
    }
  });

  it('retries after 500s and timeouts with backoff, and redelivers from the log', async () => {
    const { owner } = await tenant();
    const hook = await receiver();
    try {
      const { endpoint } = await owner.caller.webhooks.create({ url: hook.url, events: ['message.received'] });
      let calls = 0;
      hook.answer = (_hit, response) => {
        calls++;
        if (calls <= 2) response.writeHead(500).end('database down');
        else if (calls === 3) setTimeout(() => response.writeHead(200).end('too late'), 1_500);
        else response.writeHead(204).end();
      };
      Object.assign(webhookSettings(kit.server.app), { timeoutMs: 500 });
      const { deliveryId } = await owner.caller.webhooks.sendTest({ id: endpoint.id });
      await settle();
      Object.assign(webhookSettings(kit.server.app), { timeoutMs: 2_000 });
      expect(hook.hits).toHaveLength(4);
      expect(new Set(hook.hits.map((hit) => hit.event.id)).size).toBe(1); // one event id for every attempt
      const [row] = await deliveries(owner, endpoint.id);
      expect(row).toMatchObject({ id: deliveryId, status: 'delivered', attempts: 4, lastStatusCode: 204, lastError: null });

      await owner.caller.webhooks.redeliver({ deliveryId });
      await settle();
      expect(hook.hits).toHaveLength(5);
      expect(hook.hits[4]!.event.id).toBe(hook.hits[0]!.event.id);
      expect((await deliveries(owner, endpoint.id))[0]).toMatchObject({ attempts: 5, status: 'delivered' });
      await expect(owner.caller.webhooks.redeliver({ deliveryId: '0b7c2f0e-3c55-4c1e-9a57-2f0c1d2e3f4a' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await hook.close();
    }
  });

  it("delivers one conversation's events in order even when one of them must be retried", async () => {
    const { client, owner } = await tenant();
    const hook = await receiver();
    try {
      await owner.caller.webhooks.create({ url: hook.url, events: ['message.received'] });
      let failed = false;
      hook.answer = (hit, response) => {
        if (!failed && hit.event.data.message.content === 'msg 1') {
          failed = true;
          return response.writeHead(503).end();
        }
        response.writeHead(200).end();
      };
      for (let index = 1; index <= 5; index++) await writes(client.phoneNumberId, '5511930000002', `msg ${index}`);
      await settle();
      const delivered = hook.hits.filter((hit, index) => !(index === 0 && hit.event.data.message.content === 'msg 1'));
      expect(hook.hits[0]!.event.data.message.content).toBe('msg 1');
      expect(delivered.map((hit) => hit.event.data.message.content)).toEqual(['msg 1', 'msg 2', 'msg 3', 'msg 4', 'msg 5']);
    } finally {
      await hook.close();
    }
  });

  it('never follows a redirect (to loopback here), and refuses private addresses when the policy forbids them', async () => {
    const { owner } = await tenant();
    const target = await receiver();
    const hook = await receiver();
    try {
      hook.answer = (_hit, response) => response.writeHead(307, { location: target.url.replace('127.0.0.1', 'localhost') }).end();
      const { endpoint } = await owner.caller.webhooks.create({ url: hook.url, events: ['message.received'] });
      Object.assign(webhookSettings(kit.server.app), { retryForMs: 0 }); // one attempt: the outcome is what matters
      await owner.caller.webhooks.sendTest({ id: endpoint.id });
      await settle();
      expect(target.hits).toHaveLength(0);
      const [row] = await deliveries(owner, endpoint.id);
      expect(row).toMatchObject({ status: 'failed', lastStatusCode: 307, lastError: expect.stringMatching(/redirects are not followed/) });

      kit.server.app.config.allowPrivateNetwork = false;
      await expect(owner.caller.webhooks.create({ url: 'http://127.0.0.1:9/x', events: ['message.received'] })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/webhook URL cannot be used: .*not allowed/),
      });
      await expect(owner.caller.webhooks.update({ id: endpoint.id, url: 'http://[::1]/x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      // Saved while allowed (or DNS changed since): refused at connect time, no request made.
      const before = hook.hits.length;
      await owner.caller.webhooks.sendTest({ id: endpoint.id });
      await settle();
      expect(hook.hits).toHaveLength(before);
      const [refused] = await deliveries(owner, endpoint.id);
      expect(refused).toMatchObject({ status: 'failed', lastStatusCode: null, lastError: expect.stringMatching(/not allowed/) });
    } finally {
      kit.server.app.config.allowPrivateNetwork = true;
      Object.assign(webhookSettings(kit.server.app), { retryForMs: 24 * 60 * 60_000 });
      await hook.close();
      await target.close();
    }
  });

  it('disables an endpoint failing for a day and tells the admins; enabling it again starts afresh', async () => {
    const { client, owner } = await tenant();
    const hook = await receiver();
    try {
      hook.answer = (_hit, response) => response.writeHead(500).end('still broken');
      const { endpoint } = await owner.caller.webhooks.create({ url: hook.url, events: ['message.received'] });
      const { webhookEndpoints: w } = kit.server.app.db.t;
      const dayAgo = new Date(Date.now() - 24 * 60 * 60_000 - 1_000);
      await kit.server.app.db.tenant(client.id, (tx) =>
        tx
          .update(w)
          .set({ failingSince: dayAgo })
          .where(and(eq(w.id, endpoint.id), eq(w.clientId, client.id))),
      );
      const notices: unknown[] = [];
      const unsubscribe = kit.server.app.events.subscribe(client.id, (event) => event.type === 'webhooks.endpoint_disabled' && notices.push(event.payload));
      await owner.caller.webhooks.sendTest({ id: endpoint.id });
      await settle();
      unsubscribe();
      expect(hook.hits).toHaveLength(1);
      const [listed] = await owner.caller.webhooks.list();
      expect(listed).toMatchObject({ isActive: false, disabledReason: expect.stringMatching(/every delivery failed since .*answered 500/) });
      expect(notices).toEqual([expect.objectContaining({ endpointId: endpoint.id })]);
      // Disabled: no new deliveries, and neither a test nor a redelivery.
      await writes(client.phoneNumberId, '5511930000003', 'ninguém ouve');
      await settle();
      expect(hook.hits).toHaveLength(1);
      await expect(owner.caller.webhooks.sendTest({ id: endpoint.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

      hook.answer = (_hit, response) => response.writeHead(200).end();
      expect(await owner.caller.webhooks.update({ id: endpoint.id, isActive: true })).toMatchObject({
        isActive: true,
        disabledReason: null,
        failingSince: null,
      });
      await writes(client.phoneNumberId, '5511930000003', 'agora sim');
      await settle();
      expect(hook.hits.at(-1)!.event.data.message.content).toBe('agora sim');
    } finally {
      await hook.close();
    }
  });

  it('rotates the secret with an overlap: both secrets sign until the old one expires', async () => {
    const { owner } = await tenant();
    const hook = await receiver();
    try {
      const { endpoint, secret: first } = await owner.caller.webhooks.create({ url: hook.url, events: ['message.received'] });
      const { secret: second, previousSecretValidUntil } = await owner.caller.webhooks.rotateSecret({ id: endpoint.id });
      expect(second).not.toBe(first);
      expect(previousSecretValidUntil.getTime()).toBeGreaterThan(Date.now());
      await owner.caller.webhooks.sendTest({ id: endpoint.id });
      await settle();
      const hit = hook.hits[0]!;
      const headers = hit.headers['x-uzz-signature'] as string;
      expect(headers.split(',')).toHaveLength(3); // t=, then a v1= per secret
      expect(verifyWebhookSignature(first, headers, hit.body)).toBe(true);
      expect(verifyWebhookSignature(second, headers, hit.body)).toBe(true);
      // Rotating again ends the overlap of the first secret.
      const { secret: third } = await owner.caller.webhooks.rotateSecret({ id: endpoint.id });
      await owner.caller.webhooks.sendTest({ id: endpoint.id });
      await settle();
      const next = hook.hits[1]!;
      const nextHeaders = next.headers['x-uzz-signature'] as string;
      expect(verifyWebhookSignature(first, nextHeaders, next.body)).toBe(false);
      expect(verifyWebhookSignature(second, nextHeaders, next.body)).toBe(true);
      expect(verifyWebhookSignature(third, nextHeaders, next.body)).toBe(true);
    } finally {
      await hook.close();
    }
  });

  it('raises conversation and contact events from the public API and flows, and keeps endpoints to admins of their own client', async () => {
    const { client, owner } = await tenant();
    const hook = await receiver();
    try {
      await owner.caller.webhooks.create({
        url: hook.url,
        events: ['conversation.assigned', 'conversation.status_changed', 'contact.updated', 'flow.completed'],
      });
      await writes(client.phoneNumberId, '5511930000004', 'oi');
      await settle();
      const key = (await owner.caller.apiKeys.create({ name: 'events' })).key;
      const api = (method: string, path: string, body: unknown) =>
        fetch(`${kit.server.url}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const list = (await (await fetch(`${kit.server.url}/api/v1/conversations`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
        items: Array<{ id: string }>;
      };
      const conversationId = list.items[0]!.id;
      const flow = await owner.caller.flows.create({
        name: 'Aviso',
        document: flowFixture([message('m', 'Pedido {{pedido}} pronto'), end('e', 'bot')], [['m', 'e']]),
      });
      await owner.caller.flows.publish({ id: flow.id });
      await owner.caller.flows.activate({ id: flow.id });
      expect((await api('POST', `/flows/${flow.id}/start`, { to: '5511930000004', variables: { pedido: 'B-7' } })).status).toBe(202);
      await settle();
      expect(hook.hits.map((hit) => hit.event.type)).toEqual(['flow.completed']);
      expect(hook.hits[0]!.event.data).toMatchObject({ flowId: flow.id, flowName: 'Aviso', conversationId, variables: { pedido: 'B-7' } });
      hook.hits.length = 0;
      expect((await api('POST', `/conversations/${conversationId}/assign`, { userId: owner.userId })).status).toBe(200);
      expect((await api('PATCH', '/contacts/5511930000004', { metadata: { plan: 'gold' } })).status).toBe(200);
      await settle();
      // In order within the conversation; the contact's event has its own order.
      expect(hook.hits.map((hit) => hit.event.type).filter((type) => type.startsWith('conversation.'))).toEqual([
        'conversation.status_changed',
        'conversation.assigned',
      ]);
      const byType = (type: string) => hook.hits.find((hit) => hit.event.type === type)!;
      expect(byType('conversation.assigned').event.data).toMatchObject({
        conversation: { id: conversationId, assignedTo: owner.userId, status: 'humano' },
        previousStatus: 'bot',
      });
      expect(byType('contact.updated').event.data.contact).toMatchObject({ phone: '5511930000004', metadata: { plan: 'gold' } });

      // Validation and roles.
      await expect(owner.caller.webhooks.create({ url: hook.url, events: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(owner.caller.webhooks.create({ url: hook.url, events: ['message.deleted' as 'message.sent'] })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(owner.caller.webhooks.create({ url: 'ftp://example.com/x', events: ['message.sent'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
      await expect(agent.caller.webhooks.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const [mine] = await owner.caller.webhooks.list();
      const other = await tenant();
      await expect(other.owner.caller.webhooks.update({ id: mine!.id, isActive: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(other.owner.caller.webhooks.rotateSecret({ id: mine!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await other.owner.caller.webhooks.deliveries({ endpointId: mine!.id })).items).toEqual([]);
      expect((await owner.caller.webhooks.events()).find((event) => event.type === 'campaign.finished')).toEqual({ type: 'campaign.finished', emitted: true });
      await owner.caller.webhooks.remove({ id: mine!.id });
      expect(await owner.caller.webhooks.list()).toEqual([]);
    } finally {
      await hook.close();
    }
  });
});
