// The public REST API (/api/v1) over HTTP on both databases: every endpoint with a good and a bad
// call, API-key scopes, the one error shape, Idempotency-Key under concurrent retries, the per-key
// rate limit with Retry-After, tenant isolation, and the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import type { ApiScope } from '#shared/domain/apiScopes.js';
import { end, flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { publicApiSettings } from './publicApiSettings.js';

type Answer = { status: number; body: any; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(DATABASE_KINDS)('public REST API /api/v1 on %s', (kind) => {
  let kit: WhatsAppKit;
  let client: { id: string; phoneNumberId: string };
  let owner: SignedIn;
  let key: string;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
    client = await kit.newClient();
    owner = await kit.server.signIn({ clientId: client.id, role: 'owner' });
    key = (await owner.caller.apiKeys.create({ name: 'n8n' })).key;
  });
  afterAll(() => kit?.dispose());

  async function call(method: string, path: string, options: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    const bearer = options.key === undefined ? key : options.key;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${kit.server.url}/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  const expectError = (answer: Answer, status: number, code: string, message?: RegExp) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.body).toEqual({ error: expect.objectContaining({ status, code, message: message ? expect.stringMatching(message) : expect.any(String) }) });
  };

  async function customerWrites(phone: string, text = 'oi', name = 'Maria') {
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone, name)], messages: [inbound.text(phone, text)] }));
    await kit.settle();
  }

  const scopedKey = async (scopes: ApiScope[]) => (await owner.caller.apiKeys.create({ name: `scoped ${scopes.join(' ')}`, scopes })).key;

  it('refuses requests without a valid key, and keys without the scope, in the one error shape', async () => {
    expectError(await call('GET', '/contacts', { key: null }), 401, 'unauthorized', /Authorization: Bearer/);
    expectError(await call('GET', '/contacts', { key: 'uzz-sk-not-a-real-key' }), 401, 'unauthorized', /not valid/);
    const readOnly = await scopedKey(['contacts:read']);
    expect((await call('GET', '/contacts', { key: readOnly })).status).toBe(200);
    expectError(await call('POST', '/messages', { key: readOnly, body: { to: '5511999990000', type: 'text', text: 'x' } }), 403, 'forbidden', /messages:send/);
    expectError(await call('GET', '/conversations', { key: readOnly }), 403, 'forbidden', /conversations:read/);
    expectError(await call('GET', '/nowhere'), 404, 'not_found', /no such endpoint/);
    expectError(await call('POST', '/messages', { body: '{not json' }), 400, 'invalid_request');
    // A revoked key stops at once.
    const revocable = await owner.caller.apiKeys.create({ name: 'revocable' });
    await owner.caller.apiKeys.revoke({ id: revocable.id });
    expectError(await call('GET', '/contacts', { key: revocable.key }), 401, 'unauthorized');
    // Scopes are listed with the keys; old keys (null) keep full access.
    const listed = await owner.caller.apiKeys.list();
    expect(listed.find((row) => row.name === 'n8n')!.scopes).toBeNull();
    expect(listed.find((row) => row.name === 'scoped contacts:read')!.scopes).toEqual(['contacts:read']);
    await expect(owner.caller.apiKeys.create({ name: 'bad', scopes: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('sends text, media and template messages to a number, and refuses what WhatsApp would', async () => {
    const phone = '5511988880001';
    await customerWrites(phone);
    const sent = await call('POST', '/messages', { body: { to: '+55 11 98888-0001', type: 'text', text: 'Seu pedido saiu' } });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ messageId: expect.any(String), conversationId: expect.any(String), status: 'queued' });
    const media = await call('POST', '/messages', {
      body: { to: phone, type: 'media', media: { kind: 'image', link: 'https://example.com/nota.png', caption: 'Nota fiscal' } },
    });
    expect(media.status).toBe(202);
    await kit.settle();
    const toCustomer = kit.graph.sent.filter((item) => item.to === phone);
    expect(toCustomer.map((item) => item.body.type)).toEqual(['text', 'image']);
    expect(toCustomer[0]!.body).toMatchObject({ text: { body: 'Seu pedido saiu' } });

    // A number that never wrote: no 24-hour window, only a template starts the conversation.
    const stranger = '5511977770002';
    expectError(await call('POST', '/messages', { body: { to: stranger, type: 'text', text: 'olá' } }), 422, 'precondition_failed', /only a template/);
    const template = await call('POST', '/messages', { body: { to: stranger, type: 'template', template: { name: 'boas_vindas', language: 'pt_BR' } } });
    expect(template.status, JSON.stringify(template.body)).toBe(202);
    await kit.settle();
    expect(kit.graph.sent.filter((item) => item.to === stranger).map((item) => item.body.type)).toEqual(['template']);
    const conversations = await call('GET', `/conversations?search=${stranger}`);
    expect(conversations.body.items).toEqual([expect.objectContaining({ id: template.body.conversationId, phone: stranger, status: 'bot' })]);

    const invalid = await call('POST', '/messages', { body: { to: 'abc', type: 'text', text: '' } });
    expectError(invalid, 400, 'invalid_request');
    expect(invalid.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.text' })]));
    expectError(await call('POST', '/messages', { body: { to: 'não é número', type: 'text', text: 'x' } }), 400, 'invalid_request', /not a phone number/);
    expectError(await call('POST', '/messages', { body: { to: phone, type: 'fax', text: 'x' } }), 400, 'invalid_request');
  });

  it('sends once under concurrent retries with one Idempotency-Key, replays the answer, and refuses the key for another request', async () => {
    const phone = '5511988880003';
    await customerWrites(phone);
    const body = { to: phone, type: 'text', text: 'uma vez só' };
    const headers = { 'idempotency-key': `order-${phone}` };
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('POST', '/messages', { body, headers })));
    const accepted = answers.filter((answer) => answer.status === 202);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers.filter((item) => item.status !== 202)) expectError(answer, 409, 'request_in_progress');
    expect(new Set(accepted.map((answer) => answer.body.messageId)).size).toBe(1);
    const retried = await call('POST', '/messages', { body, headers });
    expect(retried.status).toBe(202);
    expect(retried.body.messageId).toBe(accepted[0]!.body.messageId);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    await kit.settle();
    expect(kit.graph.sent.filter((item) => item.to === phone && JSON.stringify(item.body).includes('uma vez só'))).toHaveLength(1);

    expectError(await call('POST', '/messages', { body: { ...body, text: 'outra coisa' }, headers }), 422, 'idempotency_key_reused');
    // A refused request's answer is kept too: the retry gets the same refusal, not a second try.
    const closed = { to: '5511966660004', type: 'text', text: 'x' };
    const first = await call('POST', '/messages', { body: closed, headers: { 'idempotency-key': 'closed-1' } });
    expectError(first, 422, 'precondition_failed');
    const again = await call('POST', '/messages', { body: closed, headers: { 'idempotency-key': 'closed-1' } });
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expectError(
      await call('POST', '/messages', { body: closed, headers: { 'idempotency-key': 'bad key with spaces' } }),
      400,
      'invalid_request',
      /Idempotency-Key/,
    );
  });

  it('limits requests per key with 429 and Retry-After, counted in the database', async () => {
    const settings = publicApiSettings(kit.server.app);
    const saved = { ...settings };
    Object.assign(settings, { requestsPerWindow: 3, windowMs: 3_600_000 });
    try {
      const limited = await scopedKey(['contacts:read']);
      const other = await scopedKey(['contacts:read']);
      for (let index = 0; index < 3; index++) {
        const ok = await call('GET', '/contacts', { key: limited });
        expect(ok.status).toBe(200);
        expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(2 - index));
      }
      const refused = await call('GET', '/contacts', { key: limited });
      expectError(refused, 429, 'rate_limited', /more than 3 requests/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another key has its own budget.
      expect((await call('GET', '/contacts', { key: other })).status).toBe(200);
    } finally {
      Object.assign(settings, saved);
    }
  });

  it('starts a published flow for a number with variables, and refuses what cannot start', async () => {
    const phone = '5511988880005';
    await customerWrites(phone, 'bom dia', 'João');
    const flow = await owner.caller.flows.create({
      name: 'Pedido pronto',
      document: flowFixture([message('m', 'Olá {{contact_name}}, o pedido {{pedido}} está pronto'), end('e', 'bot')], [['m', 'e']]),
    });
    expectError(await call('POST', `/flows/${flow.id}/start`, { body: { to: phone } }), 422, 'precondition_failed', /never published/);
    await owner.caller.flows.publish({ id: flow.id });
    await owner.caller.flows.activate({ id: flow.id });
    const started = await call('POST', `/flows/${flow.id}/start`, { body: { to: phone, variables: { pedido: 'A-42', contact_name: 'ignored' } } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ flowId: flow.id, flowName: 'Pedido pronto', conversationId: expect.any(String) });
    await kit.settle();
    expect(kit.graph.sent.filter((item) => item.to === phone).map((item) => (item.body.text as { body: string }).body)).toEqual([
      'Olá João, o pedido A-42 está pronto',
    ]);
    expectError(await call('POST', `/flows/${flow.id}/start`, { body: { to: '5511900000000' } }), 404, 'not_found', /no conversation/);
    expectError(await call('POST', '/flows/not-a-uuid/start', { body: { to: phone } }), 400, 'invalid_request', /flowId must be a uuid/);
    expectError(await call('POST', `/flows/0b7c2f0e-3c55-4c1e-9a57-2f0c1d2e3f4a/start`, { body: { to: phone } }), 404, 'not_found');
    expectError(await call('POST', `/flows/${flow.id}/start`, { body: { to: phone, variables: { x: { nested: true } } } }), 400, 'invalid_request');
  });

  it('lists, searches, reads and updates contacts', async () => {
    await customerWrites('5511955550006', 'oi', 'Ana Souza');
    await customerWrites('5511955550007', 'oi', 'Bruno Lima');
    const search = await call('GET', '/contacts?search=ana%20sou');
    expect(search.status).toBe(200);
    expect(search.body.items.map((item: { phone: string }) => item.phone)).toEqual(['5511955550006']);
    const page1 = await call('GET', '/contacts?limit=1&search=55119555500');
    expect(page1.body.items).toHaveLength(1);
    const page2 = await call('GET', `/contacts?limit=1&search=55119555500&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((item: { name: string }) => item.name)).toEqual(['Bruno Lima']);
    expect(page2.body.nextCursor).toBeNull();

    const read = await call('GET', '/contacts/5511955550006');
    expect(read.body).toMatchObject({ phone: '5511955550006', name: 'Ana Souza', optedOut: false, metadata: {} });
    expectError(await call('GET', '/contacts/5511900000009'), 404, 'not_found');
    expectError(await call('GET', '/contacts?limit=1000'), 400, 'invalid_request', /query.limit/);

    const updated = await call('PATCH', '/contacts/5511955550006', { body: { name: 'Ana S.', metadata: { plan: 'gold', city: 'SP' } } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Ana S.', metadata: { plan: 'gold', city: 'SP' } });
    const merged = await call('PATCH', '/contacts/5511955550006', { body: { metadata: { city: null, vip: true } } });
    expect(merged.body.metadata).toEqual({ plan: 'gold', vip: true });
    expectError(await call('PATCH', '/contacts/5511955550006', { body: {} }), 400, 'invalid_request', /give name or metadata/);
    expectError(await call('PATCH', '/contacts/5511900000009', { body: { name: 'x' } }), 404, 'not_found');
    expectError(
      await call('PATCH', '/contacts/5511955550006', { key: await scopedKey(['contacts:read']), body: { name: 'x' } }),
      403,
      'forbidden',
      /contacts:write/,
    );
  });

  it('lists conversations, changes their status and assigns them', async () => {
    const phone = '5511944440008';
    await customerWrites(phone);
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const listed = await call('GET', `/conversations?status=bot&search=${phone}`);
    expect(listed.status).toBe(200);
    const conversation = listed.body.items[0];
    expect(conversation).toMatchObject({ phone, status: 'bot', assignedTo: null });

    const assigned = await call('POST', `/conversations/${conversation.id}/assign`, { body: { userId: agent.userId } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'humano', assignedTo: agent.userId });
    const waiting = await call('POST', `/conversations/${conversation.id}/assign`, { body: { userId: null } });
    expect(waiting.body).toMatchObject({ status: 'transferido', assignedTo: null });
    const resolved = await call('POST', `/conversations/${conversation.id}/status`, { body: { status: 'resolved' } });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    expect((await call('GET', '/conversations?status=resolved')).body.items.map((item: { id: string }) => item.id)).toContain(conversation.id);

    expectError(
      await call('POST', `/conversations/${conversation.id}/assign`, { body: { userId: owner.userId.replace(/.$/, (last) => (last === '0' ? '1' : '0')) } }), // another id, never the owner's
      400,
      'invalid_request',
      /not an active member/,
    );
    expectError(await call('POST', `/conversations/${conversation.id}/status`, { body: { status: 'humano' } }), 400, 'invalid_request');
    expectError(
      await call('POST', `/conversations/${conversation.id}/status`, { body: { status: 'bot', snoozedUntil: '2030-01-01T00:00:00Z' } }),
      400,
      'invalid_request',
    );
    expectError(await call('POST', '/conversations/0b7c2f0e-3c55-4c1e-9a57-2f0c1d2e3f4a/status', { body: { status: 'resolved' } }), 404, 'not_found');

    // Another client's key sees none of this client's rows.
    const otherClient = await kit.newClient();
    const otherOwner = await kit.server.signIn({ clientId: otherClient.id, role: 'owner' });
    const otherKey = (await otherOwner.caller.apiKeys.create({ name: 'other' })).key;
    expect((await call('GET', `/conversations?search=${phone}`, { key: otherKey })).body.items).toEqual([]);
    expectError(await call('GET', `/contacts/${phone}`, { key: otherKey }), 404, 'not_found');
    expectError(await call('POST', `/conversations/${conversation.id}/status`, { key: otherKey, body: { status: 'bot' } }), 404, 'not_found');
  });

  it('hands a conversation to a team: queued with nobody online, then given to the member who comes online', async () => {
    const phone = '5511944440009';
    await customerWrites(phone);
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const team = await owner.caller.teams.create({ name: 'Suporte API', memberIds: [agent.userId] });
    const conversation = (await call('GET', `/conversations?search=${phone}`)).body.items[0];

    const queued = await call('POST', `/conversations/${conversation.id}/team`, { body: { teamId: team.id } });
    expect(queued.status, JSON.stringify(queued.body)).toBe(200);
    expect(queued.body).toMatchObject({ id: conversation.id, status: 'transferido', assignedTo: null, teamId: team.id, phoneNumberId: client.phoneNumberId });
    expect(queued.body.queuedAt).toEqual(expect.any(String));
    expect((await owner.caller.teams.queue({ teamId: team.id })).map((item) => item.conversationId)).toContain(conversation.id);
    // Coming online takes what waits in the team's queue.
    await agent.caller.teams.setAvailability({ availability: 'online' });
    const listed = (await call('GET', `/conversations?search=${phone}`)).body.items[0];
    expect(listed).toMatchObject({ status: 'humano', assignedTo: agent.userId, teamId: team.id });

    expectError(await call('POST', `/conversations/${conversation.id}/team`, { body: { teamId: crypto.randomUUID() } }), 404, 'not_found', /team not found/);
    expectError(await call('POST', `/conversations/${conversation.id}/team`, { body: { teamId: 'vendas' } }), 400, 'invalid_request', /teamId/);
    // Another client's team is not found either.
    const other = await kit.newClient();
    const otherOwner = await kit.server.signIn({ clientId: other.id, role: 'owner' });
    const otherTeam = await otherOwner.caller.teams.create({ name: 'Alheia' });
    expectError(await call('POST', `/conversations/${conversation.id}/team`, { body: { teamId: otherTeam.id } }), 404, 'not_found');
    const readOnly = await scopedKey(['conversations:read']);
    expectError(
      await call('POST', `/conversations/${conversation.id}/team`, { key: readOnly, body: { teamId: team.id } }),
      403,
      'forbidden',
      /conversations:write/,
    );
  });

  it('describes itself in OpenAPI 3.1 built from the same schemas', async () => {
    const response = await fetch(`${kit.server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, any>>; components: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/v1/contacts',
      '/api/v1/contacts/{phone}',
      '/api/v1/conversations',
      '/api/v1/conversations/{id}/assign',
      '/api/v1/conversations/{id}/status',
      '/api/v1/conversations/{id}/team',
      '/api/v1/flows/{flowId}/start',
      '/api/v1/messages',
    ]);
    const send = document.paths['/api/v1/messages']!.post;
    expect(send['x-required-scope']).toBe('messages:send');
    expect(send.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]);
    const variants = send.requestBody.content['application/json'].schema.oneOf ?? send.requestBody.content['application/json'].schema.anyOf;
    expect(variants.map((variant: { properties: { type: { const: string } } }) => variant.properties.type.const).sort()).toEqual(['media', 'template', 'text']);
    expect(document.paths['/api/v1/contacts']!.get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['search', 'cursor', 'limit']);
    expect(document.components.schemas.Error.properties.error.required).toEqual(expect.arrayContaining(['status', 'code', 'message']));
  });
});
