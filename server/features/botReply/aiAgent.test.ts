// The AI agent on both databases: tools through the gateway's function calling (built-ins and a
// client's HTTP tool, multi-step, a failing tool, a slow tool, the step limit, a model without
// tools, a hand-off through the tool), the burst debounce (5 messages → one reply; a restart in
// the middle of the window → still one), the hourly cap and the takeover guard.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { createServer, type UzzServer } from '#server/app/createServer.js';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { jobsSettled } from '#server/jobs/index.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import type { BotConfigurationChanges } from '#shared/bot/botConfiguration.js';
import { end, flowFixture } from '#shared/flows/testing/flowFixture.js';
import { gatewayTuning } from '../gateway/gatewayTuning.js';
import { waitForInboxDrained } from '../whatsapp/inbox/waitForInboxDrained.js';
import { waitForOutboxDrained } from '../whatsapp/outbox/waitForOutboxDrained.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

/** A client's HTTP service for the tools: /orders/<id> answers, /broken fails, /slow never in time. */
async function startToolService() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url!.startsWith('/broken')) return void res.writeHead(500).end('{"error":"database down"}');
      if (req.url!.startsWith('/slow')) return void setTimeout(() => res.writeHead(200).end('{"late":true}'), 3_000);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ order: req.url!.split('/').pop()!.split('?')[0], status: 'saiu para entrega' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DATABASE_KINDS)('the AI agent on %s', (kind) => {
  let kit: WhatsAppKit;
  let fake: FakeModelServer;
  let service: Awaited<ReturnType<typeof startToolService>>;
  let platform: SignedIn;
  let restarted: UzzServer | null = null;

  beforeAll(async () => {
    fake = await startFakeModelServer();
    service = await startToolService();
    kit = await startWhatsAppKit(kind, {
      providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl },
      allowPrivateNetwork: true,
    });
    Object.assign(gatewayTuning(kit.server.app), { requestTimeoutMs: 5_000, backoffBaseMs: 5, backoffMaxMs: 20, stateTtlMs: 0 });
    platform = await kit.server.signIn({ clientId: null, platformAdmin: true });
    for (const [modelName, capabilities] of [
      ['agent-main', {}],
      ['agent-plain', { tools: false }],
    ] as const) {
      await platform.caller.gateway.registry.upsert({
        provider: 'openai',
        modelName,
        contextWindow: 100_000,
        maxOutputTokens: 500,
        inputPricePerMillion: '1',
        outputPricePerMillion: '2',
        capabilities,
      });
    }
    await platform.caller.gateway.config.update({ defaultModel: 'openai/agent-main', fallbackChain: [], openaiApiKey: 'sk-platform-openai' });
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await restarted?.stop();
    await kit?.dispose();
    await fake?.close();
    await service?.close();
  });

  const app = () => kit.server.app;
  async function setUp(settings: BotConfigurationChanges) {
    const client = await kit.newClient();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'owner' });
    if (Object.keys(settings).length) await owner.caller.bot.updateSettings(settings);
    return { ...client, owner };
  }
  const deliver = (client: { phoneNumberId: string }, from: string, text: string) =>
    kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from)], messages: [inbound.text(from, text)] }));
  async function say(client: { phoneNumberId: string }, from: string, text: string) {
    await deliver(client, from, text);
    await kit.settle();
  }
  const sentTo = (to: string) => kit.graph.sent.filter((message) => message.to === to).map((message) => (message.body.text as { body: string }).body);
  const conversationOf = async (clientId: string, phone: string) => {
    const { conversations } = app().db.t;
    const [row] = await app().db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return row!;
  };
  const toolMessages = (request: { body: Record<string, unknown> }) =>
    (request.body.messages as Array<{ role: string; content: string }>).filter((message) => message.role === 'tool').map((message) => message.content);

  it('runs a multi-step tool conversation: contact update and an HTTP tool with a vault header, then answers; each step logged with its cost', async () => {
    const client = await setUp({ tools: ['read_contact', 'update_contact'], maxToolSteps: 4 });
    await client.owner.caller.contacts.attributes.define({ key: 'cidade', label: 'Cidade', type: 'text' });
    await client.owner.caller.aiTools.save({
      name: 'lookup_order',
      description: 'Looks up an order by its number',
      parameters: { type: 'object', properties: { order_id: { type: 'string', description: 'The order number' } }, required: ['order_id'] },
      method: 'GET',
      urlTemplate: `${service.url}/orders/{order_id}`,
      headers: [{ name: 'Authorization', value: 'Bearer tool-secret' }],
      timeoutMs: 2_000,
      isActive: true,
    });
    const listed = await client.owner.caller.aiTools.list();
    expect(listed).toMatchObject([{ name: 'lookup_order', headers: [{ name: 'Authorization', isSet: true }] }]);
    expect(JSON.stringify(listed)).not.toContain('tool-secret');

    fake.script('agent-main', [
      {
        kind: 'tool_calls',
        calls: [
          { name: 'update_contact', arguments: { name: 'Ana', attributes: { cidade: 'Recife' } } },
          // Not an attribute the business defined: refused, and nothing of this call is saved.
          { name: 'update_contact', arguments: { name: 'Outra', attributes: { plano: 'ouro' } } },
        ],
      },
      { kind: 'tool_calls', calls: [{ name: 'lookup_order', arguments: { order_id: 'A-42' } }] },
      { kind: 'ok', answer: 'Ana, seu pedido A-42 saiu para entrega.' },
    ]);
    const phone = '5511966660001';
    await say(client, phone, 'Sou a Ana, de Recife. Cadê meu pedido A-42?');
    expect(sentTo(phone)).toEqual(['Ana, seu pedido A-42 saiu para entrega.']);

    const calls = fake.requestsFor('agent-main');
    expect(calls).toHaveLength(3);
    expect((calls[0]!.body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name)).toEqual([
      'read_contact',
      'update_contact',
      'lookup_order',
    ]);
    expect(toolMessages(calls[1]!)[0]).toContain('"saved":true');
    expect(JSON.parse(toolMessages(calls[1]!)[1]!)).toEqual({ error: 'plano: there is no such contact attribute (define it first)' });
    expect(toolMessages(calls[2]!)[2]).toContain('saiu para entrega');
    expect(service.received.at(-1)).toMatchObject({ method: 'GET', url: '/orders/A-42' });
    expect(service.received.at(-1)!.headers.authorization).toBe('Bearer tool-secret');

    const { clientesWhatsapp, gatewayUsageLogs, executionLogs } = app().db.t;
    const [customer] = await app().db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(clientesWhatsapp)
        .where(and(eq(clientesWhatsapp.clientId, client.id), eq(clientesWhatsapp.telefone, phone))),
    );
    expect(customer).toMatchObject({ nome: 'Ana' });
    const { contactAttributeValues } = app().db.t;
    const values = await app().db.tenant(client.id, (tx) =>
      tx
        .select({ key: contactAttributeValues.key, value: contactAttributeValues.value })
        .from(contactAttributeValues)
        .where(eq(contactAttributeValues.contactId, customer!.id)),
    );
    expect(values).toEqual([{ key: 'cidade', value: 'Recife' }]);

    const usage = await app().db.tenant(client.id, (tx) =>
      tx.select().from(gatewayUsageLogs).where(eq(gatewayUsageLogs.clientId, client.id)).orderBy(asc(gatewayUsageLogs.createdAt)),
    );
    expect(usage.map((row) => [row.metadata.step, row.metadata.tool_calls ?? null])).toEqual([
      [1, ['update_contact', 'update_contact']],
      [2, ['lookup_order']],
      [3, null],
    ]);
    expect(new Set(usage.map((row) => row.metadata.turn_id)).size).toBe(1);
    expect(usage.every((row) => Number(row.costBrl) > 0)).toBe(true);
    const steps = await app().db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(executionLogs)
        .where(and(eq(executionLogs.clientId, client.id), eq(executionLogs.nodeName, 'tool_step'))),
    );
    expect(steps.map((row) => (row.outputData as { tools: Array<{ name: string; ok: boolean }> }).tools)).toEqual([
      [expect.objectContaining({ name: 'update_contact', ok: true }), expect.objectContaining({ name: 'update_contact', ok: false })],
      [expect.objectContaining({ name: 'lookup_order', ok: true })],
    ]);
  });

  it('a failing tool and a slow tool are error results the model reads; the customer still gets an answer', async () => {
    const client = await setUp({ maxToolSteps: 3 });
    const save = (name: string, path: string, timeoutMs: number) =>
      client.owner.caller.aiTools.save({
        name,
        description: `Calls ${path}`,
        parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
        method: 'POST',
        urlTemplate: `${service.url}${path}`,
        headers: [],
        timeoutMs,
        isActive: true,
      });
    await save('broken_service', '/broken', 2_000);
    await save('slow_service', '/slow', 300);
    fake.script('agent-main', [
      { kind: 'tool_calls', calls: [{ name: 'broken_service', arguments: { q: 'x' } }] },
      {
        kind: 'tool_calls',
        calls: [
          { name: 'slow_service', arguments: { q: 'y' } },
          { name: 'slow_service', arguments: { wrong: 1 } },
        ],
      },
      { kind: 'ok', answer: 'Não consegui consultar agora, tente mais tarde.' },
    ]);
    const phone = '5511966660002';
    await say(client, phone, 'consulta pra mim?');
    expect(sentTo(phone)).toEqual(['Não consegui consultar agora, tente mais tarde.']);
    const calls = fake.requestsFor('agent-main');
    expect(toolMessages(calls[1]!)[0]).toContain('the service answered 500');
    const [slow, badArguments] = toolMessages(calls[2]!).slice(1);
    expect(slow).toMatch(/within 300 ms/);
    expect(JSON.parse(badArguments!)).toEqual({ error: 'bad arguments: "q": Invalid input: expected string, received undefined; Unrecognized key: "wrong"' });
    expect((await conversationOf(client.id, phone)).status).toBe('bot');
  });

  it('stops at the step limit (the last step offers no tools) and sends no tools to a model without function calling', async () => {
    const client = await setUp({ maxToolSteps: 2, tools: ['read_contact'] });
    fake.setDefault('agent-main', { kind: 'tool_calls', calls: [{ name: 'read_contact', arguments: {} }] });
    const phone = '5511966660003';
    await say(client, phone, 'oi');
    const calls = fake.requestsFor('agent-main');
    expect(calls.map((call) => call.body.tool_choice)).toEqual(['auto', 'none']);
    expect(sentTo(phone)).toEqual(['Resposta de agent-main: oi']);

    const plain = await setUp({ model: 'openai/agent-plain', tools: ['read_contact'] });
    fake.setDefault('agent-plain', { kind: 'tool_calls', calls: [{ name: 'read_contact', arguments: {} }] });
    const other = '5511966660004';
    await say(plain, other, 'olá');
    const [request] = fake.requestsFor('agent-plain');
    expect(request!.body.tools).toBeUndefined();
    expect(sentTo(other)).toEqual(['Resposta de agent-plain: olá']);
  });

  it('hands off through the tool when the model cannot help, to the team it names', async () => {
    const client = await setUp({ tools: ['handoff_to_human'], handoffMessage: 'Vou chamar alguém da equipe.' });
    const team = await client.owner.caller.teams.create({ name: 'Financeiro', memberIds: [] });
    fake.script('agent-main', [
      // A team the client does not have: the model is told which exist and tries again.
      { kind: 'tool_calls', calls: [{ name: 'handoff_to_human', arguments: { reason: 'pedido de reembolso', team: 'Cobrança' } }] },
      { kind: 'tool_calls', calls: [{ name: 'handoff_to_human', arguments: { reason: 'pedido de reembolso', team: 'financeiro' } }] },
    ]);
    const phone = '5511966660005';
    await say(client, phone, 'quero meu dinheiro de volta');
    expect(sentTo(phone)).toEqual(['Vou chamar alguém da equipe.']);
    expect(await conversationOf(client.id, phone)).toMatchObject({ status: 'transferido', teamId: team.id });
    const calls = fake.requestsFor('agent-main');
    expect(calls).toHaveLength(2);
    const handoff = (calls[0]!.body.tools as Array<{ function: { name: string; parameters: { properties: Record<string, { enum?: string[] }> } } }>).find(
      (tool) => tool.function.name === 'handoff_to_human',
    )!;
    expect(handoff.function.parameters.properties.team!.enum).toEqual(['Financeiro']);
    expect(JSON.parse(toolMessages(calls[1]!)[0]!)).toEqual({ error: 'there is no team "Cobrança"; the teams are Financeiro' });
  });

  it("starts a flow through the tool, and the flow's AI block uses the client's tools too", async () => {
    const client = await setUp({ tools: ['start_flow', 'read_contact'] });
    const flow = await client.owner.caller.flows.create({
      name: 'Pesquisa',
      triggerType: 'keyword',
      triggerKeywords: ['pesquisa-agente'],
      document: flowFixture(
        [
          { id: 'ai', type: 'ai_reply', data: { prompt: 'Cumprimente o cliente pelo nome', saveAs: 'hello' } },
          end('ok', 'bot', 'Fim da pesquisa'),
          end('fail', 'bot', 'A IA falhou'),
        ],
        [
          ['ai', 'next', 'ok'],
          ['ai', 'failure', 'fail'],
        ],
      ),
    });
    await client.owner.caller.flows.publish({ id: flow.id });
    fake.script('agent-main', [
      { kind: 'tool_calls', calls: [{ name: 'start_flow', arguments: { flow: 'Pesquisa' } }] },
      { kind: 'tool_calls', calls: [{ name: 'read_contact', arguments: {} }] },
      { kind: 'ok', answer: 'Olá, cliente!' },
    ]);
    const phone = '5511966660011';
    await say(client, phone, 'quero responder a pesquisa');
    expect(sentTo(phone)).toEqual(['Olá, cliente!', 'Fim da pesquisa']);
    const calls = fake.requestsFor('agent-main');
    expect(calls).toHaveLength(3);
    // The flow's AI block: no hand-off or flow tools there, the contact tool yes.
    expect((calls[1]!.body.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name)).toEqual(['read_contact']);
    expect(toolMessages(calls[2]!)[0]).toContain(phone);
    expect((await conversationOf(client.id, phone)).status).toBe('bot');
  });

  it("searches the client's own knowledge base through the tool and answers from the passages it found", async () => {
    const client = await setUp({ tools: ['search_knowledge_base'] });
    const other = await setUp({});
    const upload = async (owner: SignedIn, text: string) => {
      const started = await owner.caller.knowledgeBase.upload({ fileName: 'entregas.md', contentBase64: Buffer.from(text).toString('base64') });
      for await (const _view of (await owner.caller.knowledgeBase.jobProgress({ jobId: started.job.id })) as AsyncIterable<unknown>);
    };
    await upload(client.owner, '# Entregas\n\nA taxa de entrega no centro é de 8 reais.\n\n# Pagamento\n\nAceitamos Pix e cartão de crédito.');
    await upload(other.owner, '# Entregas\n\nA taxa de entrega no centro é de 99 reais (outra loja).');
    fake.script('agent-main', [
      { kind: 'tool_calls', calls: [{ name: 'search_knowledge_base', arguments: { query: '   ' } }] },
      { kind: 'tool_calls', calls: [{ name: 'search_knowledge_base', arguments: { query: 'taxa de entrega no centro' } }] },
      { kind: 'ok', answer: 'A entrega no centro custa 8 reais.' },
    ]);
    const phone = '5511966660021';
    await say(client, phone, 'quanto custa a entrega no centro?');
    expect(sentTo(phone)).toEqual(['A entrega no centro custa 8 reais.']);
    const calls = fake.requestsFor('agent-main');
    expect(calls).toHaveLength(3);
    expect(JSON.parse(toolMessages(calls[1]!)[0]!)).toEqual({ error: '"query" is required' });
    const found = toolMessages(calls[2]!)[1]!;
    expect(found).toContain('8 reais');
    expect(found).not.toContain('99 reais'); // another client's knowledge never reaches this bot
  });

  it('schedules the follow-up the model asks for: sent when due, and not once a person holds the chat', async () => {
    const client = await setUp({ tools: ['schedule_follow_up'] });
    const { jobs } = app().db.t;
    const followUps = () =>
      app().db.system((tx) =>
        tx
          .select()
          .from(jobs)
          .where(and(eq(jobs.type, 'aiTools.followUp'), eq(jobs.clientId, client.id)))
          .orderBy(asc(jobs.runAt)),
      );
    const makeDue = async (id: string) => {
      await app().db.system((tx) =>
        tx
          .update(jobs)
          .set({ runAt: new Date(Date.now() - 1_000) })
          .where(eq(jobs.id, id)),
      );
      app().jobs.wake();
      await jobsSettled(app().db, ['aiTools.followUp']);
      await waitForOutboxDrained(app());
    };
    const schedule = (message: string, minutes: number) => ({
      kind: 'tool_calls' as const,
      calls: [{ name: 'schedule_follow_up', arguments: { message, delay_minutes: minutes } }],
    });

    fake.script('agent-main', [
      schedule('Conseguiu finalizar o pedido?', 0),
      schedule('Conseguiu finalizar o pedido?', 30),
      { kind: 'ok', answer: 'Combinado, te lembro daqui a meia hora.' },
    ]);
    const phone = '5511966660022';
    const asked = Date.now();
    await say(client, phone, 'me lembra daqui a meia hora');
    expect(sentTo(phone)).toEqual(['Combinado, te lembro daqui a meia hora.']);
    const calls = fake.requestsFor('agent-main');
    expect(JSON.parse(toolMessages(calls[1]!)[0]!)).toEqual({ error: '"delay_minutes" must be a whole number from 1 to 10080' });
    const [first] = await followUps();
    expect(first).toMatchObject({ status: 'queued', payload: { text: 'Conseguiu finalizar o pedido?' } });
    expect(first!.runAt.getTime() - asked).toBeGreaterThanOrEqual(30 * 60_000 - 1_000);
    expect(first!.runAt.getTime() - asked).toBeLessThan(31 * 60_000);
    await makeDue(first!.id);
    expect(sentTo(phone)).toEqual(['Combinado, te lembro daqui a meia hora.', 'Conseguiu finalizar o pedido?']);

    // A second one, due after a person took the chat: the bot does not speak over them.
    fake.script('agent-main', [schedule('Posso ajudar em algo mais?', 60), { kind: 'ok', answer: 'Te chamo daqui a uma hora.' }]);
    await say(client, phone, 'me chama daqui a uma hora');
    const second = (await followUps()).find((job) => job.status === 'queued')!;
    await client.owner.caller.conversations.takeOver({ conversationId: (await conversationOf(client.id, phone)).id });
    await makeDue(second.id);
    expect(sentTo(phone)).toEqual(['Combinado, te lembro daqui a meia hora.', 'Conseguiu finalizar o pedido?', 'Te chamo daqui a uma hora.']);
  });

  it('a burst of 5 messages within the window becomes one turn and exactly one reply', async () => {
    const client = await setUp({ debounceSeconds: 2 });
    const phone = '5511966660006';
    const words = ['oi', 'tudo bem?', 'queria saber', 'do meu pedido', 'o número é 77'];
    for (const word of words) await deliver(client, phone, word);
    await waitForInboxDrained(app());
    expect(sentTo(phone)).toEqual([]); // the window is open
    await jobsSettled(app().db, ['botReply.'], 20_000);
    await kit.settle();
    const calls = fake.requestsFor('agent-main');
    expect(calls).toHaveLength(1);
    const messages = calls[0]!.body.messages as Array<{ role: string; content: string }>;
    expect(messages.at(-1)).toEqual({ role: 'user', content: words.join('\n') });
    expect(sentTo(phone)).toEqual([`Resposta de agent-main: ${words.join('\n')}`]);
    const { messages: table, botReplyPending } = app().db.t;
    const inboundRows = await app().db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(table)
        .where(and(eq(table.clientId, client.id), eq(table.direction, 'incoming'))),
    );
    expect(inboundRows).toHaveLength(5);
    expect(inboundRows.every((row) => row.answeredAt !== null)).toBe(true);
    expect(await app().db.tenant(client.id, (tx) => tx.select().from(botReplyPending).where(eq(botReplyPending.clientId, client.id)))).toEqual([]);
  });

  it('caps AI replies per conversation and hour: past the cap a person takes over, without a reply', async () => {
    const client = await setUp({ maxRepliesPerHour: 2 });
    const phone = '5511966660007';
    await say(client, phone, 'um');
    await say(client, phone, 'dois');
    await say(client, phone, 'três');
    expect(sentTo(phone)).toEqual(['Resposta de agent-main: um', 'Resposta de agent-main: dois']);
    expect(fake.requestsFor('agent-main')).toHaveLength(2);
    expect((await conversationOf(client.id, phone)).status).toBe('transferido');
  });

  it('never answers after a person took over: during the model call, and during the burst window', async () => {
    const client = await setUp({});
    const phone = '5511966660008';
    fake.script('agent-main', [{ kind: 'ok', latencyMs: 1_500, answer: 'resposta atrasada' }]);
    await deliver(client, phone, 'alguém aí?');
    await expect.poll(() => fake.requestsFor('agent-main').length, { timeout: 10_000 }).toBe(1);
    const conversation = await conversationOf(client.id, phone);
    await client.owner.caller.conversations.takeOver({ conversationId: conversation.id });
    await kit.settle();
    expect(sentTo(phone)).toEqual([]);
    expect((await conversationOf(client.id, phone)).status).toBe('humano');

    const other = await setUp({ debounceSeconds: 2 });
    const second = '5511966660009';
    await deliver(other, second, 'olá');
    await waitForInboxDrained(app());
    await other.owner.caller.conversations.takeOver({ conversationId: (await conversationOf(other.id, second)).id });
    await jobsSettled(app().db, ['botReply.'], 20_000);
    await kit.settle();
    expect(sentTo(second)).toEqual([]);
    expect(fake.requestsFor('agent-main')).toHaveLength(1); // only the first conversation's call
  });

  // Last: it stops the kit's server and finishes on another one, on the same database.
  it('a restart in the middle of the window still gives exactly one reply', async () => {
    const client = await setUp({ debounceSeconds: 2 });
    const phone = '5511966660010';
    await deliver(client, phone, 'primeira');
    await deliver(client, phone, 'segunda');
    await waitForInboxDrained(app());
    await kit.server.app.jobs.stop(50);
    await kit.server.stop();
    expect(sentTo(phone)).toEqual([]);

    restarted = await createServer(kit.server.config, { logger: false });
    await restarted.start();
    await jobsSettled(restarted.app.db, ['botReply.'], 20_000);
    await waitForOutboxDrained(restarted.app);
    expect(sentTo(phone)).toEqual(['Resposta de agent-main: primeira\nsegunda']);
    expect(fake.requestsFor('agent-main')).toHaveLength(1);
  });
});
