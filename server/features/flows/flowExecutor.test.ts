// Flows run for real: signed webhooks in, the inbox processor, the flows responder, the outbox and
// the fake Graph API out, on both databases. Triggers, every block type, retries and give-up,
// timeouts, delays across a restart, handoff and hand-back, version pinning, loop guards.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type SignedIn } from '#server/testing/testServer.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { waitForOutboxDrained } from '../whatsapp/outbox/waitForOutboxDrained.js';
import { choices, condition, end, flowFixture, message, setVariable, textQuestion } from '#shared/flows/testing/flowFixture.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { runDueFlowTimers } from './executor/runDueFlowTimers.js';
import { MAX_BLOCKS_PER_STEP } from './engine/runFlowStep.js';

let phoneCounter = 0;
const newPhone = () => `55119${String(Date.now()).slice(-6)}${String(++phoneCounter).padStart(2, '0')}`;

describe.each(DATABASE_KINDS)('flow executor through the webhook on %s', (kind) => {
  let kit: WhatsAppKit;
  let api: { url: string; close(): Promise<void> };
  const otherResponders = RESPONDERS.filter((responder) => responder.name !== 'flows');
  beforeAll(async () => {
    // Only the flows responder answers here, so "the flow said nothing" is not the AI reply's doing.
    RESPONDERS.splice(0, RESPONDERS.length, ...RESPONDERS.filter((responder) => responder.name === 'flows'));
    kit = await startWhatsAppKit(kind, { allowPrivateNetwork: true });
    api = await startOrderApi();
  });
  afterAll(async () => {
    RESPONDERS.push(...otherResponders);
    await kit?.dispose();
    await api?.close();
  });

  async function tenant() {
    const client = await kit.newClient();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    return { client, owner };
  }
  async function liveFlow(
    owner: SignedIn,
    document: FlowDocument,
    trigger: { keywords?: string[]; match?: 'equals' | 'contains' | 'starts_with'; qr?: string } = {},
  ) {
    const doc = trigger.match ? { ...document, settings: { ...document.settings, keywordMatch: trigger.match } } : document;
    const flow = await owner.caller.flows.create({
      name: `Flow ${++phoneCounter}`,
      document: doc,
      triggerType: trigger.qr ? 'qr_code' : 'keyword',
      triggerKeywords: trigger.keywords ?? [],
      triggerQrCode: trigger.qr ?? null,
    });
    await owner.caller.flows.publish({ id: flow.id });
    await owner.caller.flows.activate({ id: flow.id });
    return flow;
  }
  const deliver = async (phoneNumberId: string, from: string, payload: Record<string, unknown>) => {
    const response = await kit.deliver(envelope(phoneNumberId, { contacts: [contact(from, 'Ana Lima')], messages: [payload] }));
    expect(response.status).toBe(200);
    await kit.settle();
  };
  const say = (phoneNumberId: string, from: string, text: string) => deliver(phoneNumberId, from, inbound.text(from, text));
  const press = (phoneNumberId: string, from: string, id: string, title: string) =>
    deliver(phoneNumberId, from, inbound.buttonReply(from, 'wamid.ctx', id, title));
  /** What the customer received since the last call, in a short readable form. */
  const seen = new Map<string, number>();
  const received = (to: string) => {
    const all = kit.graph.sent.filter((sent) => sent.to === to).map((sent) => show(sent.body));
    const from = seen.get(to) ?? 0;
    seen.set(to, all.length);
    return all.slice(from);
  };
  const conversation = async (clientId: string, phone: string) => {
    const { conversations } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return row!;
  };
  const executions = async (clientId: string) => {
    const { flowExecutions } = kit.server.app.db.t;
    return kit.server.app.db.tenant(clientId, (tx) =>
      tx.select().from(flowExecutions).where(eq(flowExecutions.clientId, clientId)).orderBy(desc(flowExecutions.startedAt)),
    );
  };

  it('runs a whole flow: keyword trigger, buttons, list, validated text, condition, set variable, media, end', async () => {
    const { client, owner } = await tenant();
    await liveFlow(
      owner,
      flowFixture(
        [
          choices('menu', 'Olá {{contact_name}}! O que deseja?', ['Orçamento', 'Suporte']),
          choices('size', 'Qual tamanho?', ['P', 'M', 'G', 'GG'], { variable: 'size' }),
          textQuestion('qty', 'Quantas unidades?', 'qty', 'number'),
          setVariable('total', 'total', 'qty * 10'),
          condition('big', [{ id: 'many', variable: 'total', operator: 'greater_than', value: '100' }]),
          message('discount', 'Pedido grande ({{size}}): R$ {{total}} com 10% de desconto'),
          message('normal', 'Pedido ({{size}}): R$ {{total}}'),
          {
            id: 'pic',
            type: 'message',
            data: { kind: 'media', mediaType: 'image', url: 'https://cdn.example.test/{{size}}.png', caption: 'Tamanho {{size}}' },
          },
          message('support', 'Um momento'),
          end('bye', 'bot', 'Obrigado!'),
        ],
        [
          ['menu', 'option:menu_o1', 'size'],
          ['menu', 'option:menu_o2', 'support'],
          ['size', 'option:size_o1', 'qty'],
          ['size', 'option:size_o2', 'qty'],
          ['size', 'option:size_o3', 'qty'],
          ['size', 'option:size_o4', 'qty'],
          ['qty', 'total'],
          ['total', 'big'],
          ['big', 'branch:many', 'discount'],
          ['big', 'default', 'normal'],
          ['discount', 'pic'],
          ['normal', 'pic'],
          ['pic', 'bye'],
          ['support', 'bye'],
        ],
      ),
      { keywords: ['Orçamento'] },
    );
    const phone = newPhone();

    await say(client.phoneNumberId, phone, 'bom dia');
    expect(received(phone)).toEqual([]); // no trigger: not the flow's message
    await say(client.phoneNumberId, phone, 'ORCAMENTO');
    expect(received(phone)).toEqual(['buttons: Olá Ana Lima! O que deseja? [menu_o1 Orçamento | menu_o2 Suporte]']);
    expect((await conversation(client.id, phone)).status).toBe('fluxo_inicial');

    await press(client.phoneNumberId, phone, 'menu_o1', 'Orçamento');
    expect(received(phone)).toEqual(['list: Qual tamanho? (Ver opções) [size_o1 P | size_o2 M | size_o3 G | size_o4 GG]']);
    await deliver(client.phoneNumberId, phone, inbound.listReply(phone, 'wamid.ctx', 'size_o3', 'G'));
    expect(received(phone)).toEqual(['text: Quantas unidades?']);
    await say(client.phoneNumberId, phone, 'doze');
    expect(received(phone)).toEqual(['text: Por favor, responda com um número.', 'text: Quantas unidades?']);
    await say(client.phoneNumberId, phone, '12');
    expect(received(phone)).toEqual([
      'text: Pedido grande (G): R$ 120 com 10% de desconto',
      'image: https://cdn.example.test/G.png "Tamanho G"',
      'text: Obrigado!',
    ]);

    expect((await conversation(client.id, phone)).status).toBe('bot');
    const [execution] = await executions(client.id);
    expect(execution).toMatchObject({ status: 'completed', currentBlockId: 'bye', variables: expect.objectContaining({ size: 'G', qty: 12, total: 120 }) });
    expect(execution!.visitedBlocks).toEqual(['menu', 'size', 'qty', 'total', 'big', 'discount', 'pic', 'bye']);

    const analytics = await owner.caller.flows.analytics({ id: execution!.flowId });
    expect(analytics.totals.completed).toBe(1);
    expect(analytics.blocks.find((block) => block.blockId === 'qty')).toMatchObject({ reached: 1, dropped: 0 });
  });

  it('matches keyword triggers by equals, contains and starts with, ignoring case and accents, and QR codes', async () => {
    const { client, owner } = await tenant();
    const hello = (text: string) => flowFixture([end('e', 'bot', text)]);
    await liveFlow(owner, hello('equals'), { keywords: ['cardápio'] });
    await liveFlow(owner, hello('contains'), { keywords: ['promoção'], match: 'contains' });
    await liveFlow(owner, hello('starts'), { keywords: ['pedido'], match: 'starts_with' });
    await liveFlow(owner, hello('qr'), { qr: 'MESA-12' });
    const cases: [string, string[]][] = [
      ['CARDAPIO', ['text: equals']],
      ['ver cardapio', []],
      ['tem PROMOCAO hoje?', ['text: contains']],
      ['Pedido 123', ['text: starts']],
      ['meu pedido', []],
      ['mesa-12', ['text: qr']],
    ];
    for (const [text, expected] of cases) {
      const phone = newPhone();
      await say(client.phoneNumberId, phone, text);
      expect(received(phone), text).toEqual(expected);
    }
  });

  it('retries invalid answers and takes the give-up path after the maximum', async () => {
    const { client, owner } = await tenant();
    await liveFlow(
      owner,
      flowFixture(
        [
          choices('q', 'Sim ou não?', ['Sim', 'Não'], { maxRetries: 1, retryMessage: 'Responda sim ou não, {{contact_name}}.' }),
          end('yes', 'bot', 'ok!'),
          { id: 'human', type: 'handoff', data: { message: 'Vou chamar alguém.' } },
        ],
        [
          ['q', 'option:q_o1', 'yes'],
          ['q', 'option:q_o2', 'yes'],
          ['q', 'gave_up', 'human'],
        ],
      ),
      { keywords: ['teste'] },
    );
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'teste');
    received(phone);
    await say(client.phoneNumberId, phone, 'talvez');
    expect(received(phone)).toEqual(['text: Responda sim ou não, Ana Lima.', 'buttons: Sim ou não? [q_o1 Sim | q_o2 Não]']);
    await say(client.phoneNumberId, phone, 'quem sabe');
    expect(received(phone)).toEqual(['text: Vou chamar alguém.']);
    expect((await conversation(client.id, phone)).status).toBe('transferido');
    expect((await executions(client.id))[0]).toMatchObject({ status: 'handed_off', currentBlockId: 'human' });
    // While a person has the chat, the flow says nothing.
    await say(client.phoneNumberId, phone, 'olá?');
    expect(received(phone)).toEqual([]);
  });

  it('hands off and resumes after the agent hands back, or ends', async () => {
    const { client, owner } = await tenant();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    await liveFlow(
      owner,
      flowFixture(
        [
          message('hi', 'Vou transferir'),
          { id: 'h', type: 'handoff', data: { message: 'Um atendente já vem.' } },
          choices('rate', 'Como foi o atendimento?', ['Bom', 'Ruim']),
          end('bye', 'bot', 'Valeu!'),
        ],
        [
          ['hi', 'h'],
          ['h', 'rate'],
          ['rate', 'option:rate_o1', 'bye'],
          ['rate', 'option:rate_o2', 'bye'],
        ],
      ),
      { keywords: ['ajuda'] },
    );

    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'ajuda');
    expect(received(phone)).toEqual(['text: Vou transferir', 'text: Um atendente já vem.']);
    const conv = await conversation(client.id, phone);
    expect(conv.status).toBe('transferido');
    expect(await agent.caller.flows.handBack({ conversationId: conv.id })).toEqual({ flow: 'resumed', status: 'waiting_input' });
    await waitForOutboxDrained(kit.server.app);
    expect(received(phone)).toEqual(['buttons: Como foi o atendimento? [rate_o1 Bom | rate_o2 Ruim]']);
    expect((await conversation(client.id, phone)).status).toBe('fluxo_inicial');
    await say(client.phoneNumberId, phone, 'bom');
    expect(received(phone)).toEqual(['text: Valeu!']);

    const other = newPhone();
    await say(client.phoneNumberId, other, 'ajuda');
    received(other);
    const second = await conversation(client.id, other);
    expect(await agent.caller.flows.handBack({ conversationId: second.id, mode: 'end' })).toEqual({ flow: 'ended', status: null });
    expect((await conversation(client.id, other)).status).toBe('bot');
    expect(received(other)).toEqual([]);
    await expect(agent.caller.flows.handBack({ conversationId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("resumes on the customer's next message when the agent returns the chat to the bot from the inbox", async () => {
    const { client, owner } = await tenant();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    await liveFlow(
      owner,
      flowFixture(
        [
          { id: 'h', type: 'handoff', data: { message: 'Chamando alguém' } },
          textQuestion('nps', 'De 0 a 10, que nota?', 'nps', 'number'),
          end('e', 'bot', 'Nota {{nps}}, obrigado!'),
        ],
        [
          ['h', 'nps'],
          ['nps', 'e'],
        ],
      ),
      { keywords: ['humano'] },
    );
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'humano');
    expect(received(phone)).toEqual(['text: Chamando alguém']);
    const conv = await conversation(client.id, phone);
    await agent.caller.conversations.returnToBot({ conversationId: conv.id });
    await say(client.phoneNumberId, phone, 'obrigado!');
    expect(received(phone)).toEqual(['text: De 0 a 10, que nota?']);
    await say(client.phoneNumberId, phone, '9');
    expect(received(phone)).toEqual(['text: Nota 9, obrigado!']);
  });

  it('sends no timeout message to a chat an agent took over while the flow waited', async () => {
    const { client, owner } = await tenant();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    await liveFlow(owner, flowFixture([textQuestion('q', 'Qual o CEP?', 'cep')], [], { settings: { inactivityTimeoutMinutes: 1, timeoutMessage: 'Tchau!' } }), {
      keywords: ['cep'],
    });
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'cep');
    received(phone);
    await agent.caller.conversations.takeOver({ conversationId: (await conversation(client.id, phone)).id });
    // The takeover paused the execution (the default takeover policy): it waits for the chat to come back, it does not expire.
    expect((await executions(client.id))[0]).toMatchObject({ status: 'handed_off', errorDetails: { pausedBy: 'takeover', waited: 'waiting_input' } });
    expect(await runDueFlowTimers(kit.server.app, new Date(Date.now() + 2 * 60_000))).toMatchObject({ expired: 0 });
    await waitForOutboxDrained(kit.server.app);
    expect(received(phone)).toEqual([]);
    expect((await conversation(client.id, phone)).status).toBe('humano');
  });

  it('jumps to another block and to another flow, carrying the variables, and ends with close', async () => {
    const { client, owner } = await tenant();
    const target = await owner.caller.flows.create({
      name: 'Pagamento',
      document: flowFixture(
        [choices('pay', '{{name}}, pix ou cartão?', ['Pix', 'Cartão'], { variable: 'method' }), end('done', 'close', 'Pagamento por {{method}} registrado')],
        [
          ['pay', 'option:pay_o1', 'done'],
          ['pay', 'option:pay_o2', 'done'],
        ],
        { settings: { variables: ['name'] } },
      ),
    });
    await owner.caller.flows.publish({ id: target.id });
    const entry = await liveFlow(
      owner,
      flowFixture(
        [
          textQuestion('name', 'Seu nome?', 'name'),
          setVariable('count', 'tries', 'default(tries, 0) + 1'),
          { id: 'again', type: 'jump', data: { target: { kind: 'block', blockId: 'check' } } },
          condition('check', [{ id: 'ok', variable: 'tries', operator: 'greater_than', value: '0' }]),
          { id: 'go', type: 'jump', data: { target: { kind: 'flow', flowId: target.id } } },
          end('never'),
        ],
        [
          ['name', 'count'],
          ['count', 'again'],
          ['check', 'branch:ok', 'go'],
          ['check', 'default', 'never'],
        ],
        { settings: { variables: ['tries'] } },
      ),
      { keywords: ['pagar'] },
    );
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'pagar');
    await say(client.phoneNumberId, phone, 'Caio');
    expect(received(phone)).toEqual(['text: Seu nome?', 'buttons: Caio, pix ou cartão? [pay_o1 Pix | pay_o2 Cartão]']);
    await say(client.phoneNumberId, phone, 'pix');
    expect(received(phone)).toEqual(['text: Pagamento por Pix registrado']);
    const rows = await executions(client.id);
    expect(rows.find((row) => row.flowId === entry.id)).toMatchObject({
      status: 'completed',
      currentBlockId: 'go',
      visitedBlocks: ['name', 'count', 'again', 'check', 'go'],
    });
    expect(rows.find((row) => row.flowId === target.id)).toMatchObject({
      status: 'completed',
      errorDetails: { then: 'close' },
      variables: expect.objectContaining({ name: 'Caio', tries: 1, method: 'Pix' }),
    });
    expect((await conversation(client.id, phone)).status).toBe('bot');
  });

  it('keeps running executions on the version they started with', async () => {
    const { client, owner } = await tenant();
    const version = (text: string) => flowFixture([textQuestion('q', 'Nome?', 'name'), end('e', 'bot', `${text} {{name}}`)], [['q', 'e']]);
    const flow = await liveFlow(owner, version('v1'), { keywords: ['nome'] });
    const early = newPhone();
    await say(client.phoneNumberId, early, 'nome');
    const draft = await owner.caller.flows.get({ id: flow.id });
    await owner.caller.flows.updateDraft({ id: flow.id, expectedRevision: draft.draftRevision, document: version('v2') });
    await owner.caller.flows.publish({ id: flow.id });
    const late = newPhone();
    await say(client.phoneNumberId, late, 'nome');
    await say(client.phoneNumberId, early, 'Ana');
    await say(client.phoneNumberId, late, 'Bia');
    expect(received(early)).toEqual(['text: Nome?', 'text: v1 Ana']);
    expect(received(late)).toEqual(['text: Nome?', 'text: v2 Bia']);
  });

  it('expires idle executions with the timeout message and gives the chat back to the bot', async () => {
    const { client, owner } = await tenant();
    await liveFlow(
      owner,
      flowFixture([textQuestion('q', 'CPF?', 'cpf'), end('e')], [['q', 'e']], {
        settings: { inactivityTimeoutMinutes: 5, timeoutMessage: 'Encerrei por falta de resposta.' },
      }),
      { keywords: ['cpf'] },
    );
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'cpf');
    received(phone);
    expect(await runDueFlowTimers(kit.server.app, new Date(Date.now() + 4 * 60_000))).toMatchObject({ expired: 0 });
    expect(await runDueFlowTimers(kit.server.app, new Date(Date.now() + 6 * 60_000))).toMatchObject({ expired: 1 });
    await waitForOutboxDrained(kit.server.app);
    expect(received(phone)).toEqual(['text: Encerrei por falta de resposta.']);
    expect((await conversation(client.id, phone)).status).toBe('bot');
    expect((await executions(client.id))[0]).toMatchObject({ status: 'expired', currentBlockId: 'q' });
    expect((await owner.caller.flows.analytics({ id: (await executions(client.id))[0]!.flowId })).blocks.find((b) => b.blockId === 'q')).toMatchObject({
      reached: 1,
      dropped: 1,
      dropRate: 1,
    });
    // The next message is the bot's again: the keyword starts the flow anew.
    await say(client.phoneNumberId, phone, 'cpf');
    expect(received(phone)).toEqual(['text: CPF?']);
  });

  it('stops a runaway step, marks the execution failed and hands the chat to a human', async () => {
    const { client, owner } = await tenant();
    const count = MAX_BLOCKS_PER_STEP + 5;
    const blocks = Array.from({ length: count }, (_, i) => setVariable(`s${i}`, 'n', `${i}`));
    await liveFlow(
      owner,
      flowFixture(
        blocks,
        blocks.slice(1).map((block, i) => [`s${i}`, block.id] as [string, string]),
      ),
      { keywords: ['longo'] },
    );
    // Two flows that jump to each other also loop, across documents the validator checks one by one.
    const ping = await owner.caller.flows.create({ name: 'ping', document: flowFixture([end('e')]) });
    const pong = await owner.caller.flows.create({
      name: 'pong',
      document: flowFixture([{ id: 'j', type: 'jump', data: { target: { kind: 'flow', flowId: ping.id } } }]),
    });
    await owner.caller.flows.updateDraft({
      id: ping.id,
      expectedRevision: 1,
      document: flowFixture([{ id: 'j', type: 'jump', data: { target: { kind: 'flow', flowId: pong.id } } }]),
      triggerKeywords: ['ping'],
    });
    for (const id of [pong.id, ping.id]) await owner.caller.flows.publish({ id });
    await owner.caller.flows.activate({ id: ping.id });

    for (const [word, reason] of [
      ['longo', /without waiting/],
      ['ping', /jumping/],
    ] as const) {
      const phone = newPhone();
      await say(client.phoneNumberId, phone, word);
      expect(received(phone)).toEqual(['text: Vou transferir você para um atendente.']);
      expect((await conversation(client.id, phone)).status).toBe('transferido');
      const conv = await conversation(client.id, phone);
      const execution = (await executions(client.id)).find((row) => row.conversationId === conv.id && row.status !== 'completed');
      expect(execution!.status).toBe('failed');
      expect(String(execution!.errorDetails?.reason)).toMatch(reason);
    }
  });

  it('calls HTTP APIs with variables, maps the response, and takes the failure path', async () => {
    const { client, owner } = await tenant();
    await liveFlow(
      owner,
      flowFixture(
        [
          textQuestion('id', 'Número do pedido?', 'order'),
          {
            id: 'call',
            type: 'http_request',
            data: {
              method: 'POST',
              url: `${api.url}/orders/{{order}}`,
              headers: [{ name: 'x-customer', value: '{{contact_name}}' }],
              body: '{"phone":"{{contact_phone}}"}',
              timeoutMs: 2000,
              responseMapping: [
                { path: 'status', variable: 'state' },
                { path: 'items.0.name', variable: 'item' },
              ],
              statusVariable: 'http',
            },
          },
          end('ok', 'bot', 'Pedido {{order}}: {{state}} ({{item}}), visto por {{seenBy}}'),
          end('fail', 'bot', 'Sistema indisponível ({{http}})'),
        ],
        [
          ['id', 'call'],
          ['call', 'next', 'ok'],
          ['call', 'failure', 'fail'],
        ],
        { settings: { variables: ['seenBy'] } },
      ),
      { keywords: ['pedido'] },
    );
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'pedido');
    await say(client.phoneNumberId, phone, '42');
    expect(received(phone)).toEqual(['text: Número do pedido?', `text: Pedido 42: enviado (Pizza), visto por `]);
    expect(api.url).toContain('127.0.0.1');
    await say(client.phoneNumberId, phone, 'pedido');
    await say(client.phoneNumberId, phone, '500');
    expect(received(phone)).toEqual(['text: Número do pedido?', 'text: Sistema indisponível (500)']);
  });

  it('does not resume a delay while an agent has the chat; the hand-back continues it', async () => {
    const { client, owner } = await tenant();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    await liveFlow(
      owner,
      flowFixture(
        [message('a', 'Um minuto'), { id: 'd', type: 'delay', data: { seconds: 60 } }, end('b', 'bot', 'Voltei!')],
        [
          ['a', 'd'],
          ['d', 'b'],
        ],
      ),
      { keywords: ['pausa'] },
    );
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'pausa');
    received(phone);
    const conv = await conversation(client.id, phone);
    const { conversations } = kit.server.app.db.t;
    await kit.server.app.db.tenant(client.id, (tx) => tx.update(conversations).set({ status: 'humano' }).where(eq(conversations.id, conv.id)));
    expect(await runDueFlowTimers(kit.server.app, new Date(Date.now() + 61_000))).toMatchObject({ resumed: 0 });
    expect((await executions(client.id))[0]).toMatchObject({ status: 'handed_off', currentBlockId: 'd' });
    expect(received(phone)).toEqual([]);
    expect(await agent.caller.flows.handBack({ conversationId: conv.id, mode: 'resume' })).toEqual({ flow: 'resumed', status: 'completed' });
    await waitForOutboxDrained(kit.server.app);
    expect(received(phone)).toEqual(['text: Voltei!']);
    expect((await conversation(client.id, phone)).status).toBe('bot');
  });

  it('resumes delays after a restart of the server', async () => {
    const { client, owner } = await tenant();
    await liveFlow(
      owner,
      flowFixture(
        [message('a', 'Aguarde...'), { id: 'd', type: 'delay', data: { seconds: 1 } }, end('b', 'bot', 'Pronto!')],
        [
          ['a', 'd'],
          ['d', 'b'],
        ],
      ),
      { keywords: ['espera'] },
    );
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'espera');
    expect(received(phone)).toEqual(['text: Aguarde...']);
    expect((await executions(client.id))[0]).toMatchObject({ status: 'waiting_delay' });
    const config = kit.server.config;
    await kit.server.stop();
    const second = await startTestServer(kind, {
      database: config.database,
      masterKey: config.masterKey,
      dataDir: config.dataDir,
      whatsapp: config.whatsapp,
      allowPrivateNetwork: true,
    });
    try {
      const before = kit.graph.sent.length;
      await kit.graph.waitForSent(before + 1, 15_000);
      expect(received(phone)).toEqual(['text: Pronto!']);
      const { flowExecutions } = second.app.db.t;
      const [execution] = await second.app.db.tenant(client.id, (tx) => tx.select().from(flowExecutions).where(eq(flowExecutions.clientId, client.id)));
      expect(execution).toMatchObject({ status: 'completed', currentBlockId: 'b' });
    } finally {
      // Last test of the suite: the kit's own (stopped) server still drops the database in afterAll.
      await second.dispose();
    }
  });
});

function show(body: Record<string, unknown>): string {
  const type = body.type as string;
  if (type === 'text') return `text: ${(body.text as { body: string }).body}`;
  if (type === 'image') {
    const image = body.image as { link: string; caption?: string };
    return `image: ${image.link}${image.caption ? ` "${image.caption}"` : ''}`;
  }
  if (type === 'interactive') {
    const interactive = body.interactive as { type: string; body: { text: string }; action: Record<string, unknown> };
    if (interactive.type === 'button') {
      const buttons = (interactive.action.buttons as { reply: { id: string; title: string } }[]).map((button) => `${button.reply.id} ${button.reply.title}`);
      return `buttons: ${interactive.body.text} [${buttons.join(' | ')}]`;
    }
    const sections = interactive.action.sections as { rows: { id: string; title: string }[] }[];
    return `list: ${interactive.body.text} (${String(interactive.action.button)}) [${sections
      .flatMap((section) => section.rows)
      .map((row) => `${row.id} ${row.title}`)
      .join(' | ')}]`;
  }
  return `${type}: ${JSON.stringify(body)}`;
}

/** A small order API on loopback (the HTTP block's target; the server allows private addresses here). */
async function startOrderApi() {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const id = request.url?.split('/').pop();
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { phone?: string };
      if (id === '500' || !body.phone || request.headers['x-customer'] !== 'Ana Lima' || request.method !== 'POST') {
        response.writeHead(500).end('{"error":"down"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'enviado', items: [{ name: 'Pizza' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
