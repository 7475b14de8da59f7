// runFlowStep on its own, one block type at a time: the engine is pure apart from its ports, so each
// case builds a flow in memory, fakes the ports it needs and reads the step's result.
import { describe, expect, it } from 'vitest';
import { choices, condition, end, flowFixture, message, setVariable, textQuestion, type EdgeSpec } from '#shared/flows/testing/flowFixture.js';
import type { FlowBlock } from '#shared/flows/blocks.js';
import type { AiBlockRequest, EngineFlow, FlowPorts, HttpBlockRequest, HttpBlockResult } from './flowPorts.js';
import { LOOP_HANDOFF_MESSAGE, MAX_BLOCKS_PER_STEP, runFlowStep, type EngineState, type StepEvent, type Variables } from './runFlowStep.js';

type BlockInput = { id: string; type: FlowBlock['type']; data: Record<string, unknown> };
const NOW = new Date('2026-03-10T12:00:00Z');

function flowOf(blocks: BlockInput[], edges: EdgeSpec[] = [], flowId = 'f1', name = 'Main'): EngineFlow {
  return { flowId, versionId: `${flowId}-v1`, name, document: flowFixture(blocks, edges) };
}

function stateAt(flow: EngineFlow, blockId: string | null = null, variables: Variables = {}): EngineState {
  return { flow, blockId, variables, retryCount: 0, visited: [] };
}

function fakePorts(overrides: Partial<FlowPorts> = {}): FlowPorts & { httpCalls: HttpBlockRequest[]; aiCalls: AiBlockRequest[] } {
  const httpCalls: HttpBlockRequest[] = [];
  const aiCalls: AiBlockRequest[] = [];
  return {
    httpCalls,
    aiCalls,
    now: () => NOW,
    http: async (request) => {
      httpCalls.push(request);
      return { ok: true, status: 200, body: {} };
    },
    ai: async (request) => {
      aiCalls.push(request);
      return { ok: true, text: 'answer' };
    },
    loadFlow: async () => null,
    ...overrides,
  };
}

const start: StepEvent = { kind: 'start' };
const answer = (text: string | null, choiceId: string | null = null): StepEvent => ({ kind: 'answer', text, choiceId });

describe('runFlowStep, block by block', () => {
  it('message: sends text with variables filled in, and media, then follows next', async () => {
    const flow = flowOf(
      [
        message('hello', 'Olá, {{name}}!'),
        { id: 'photo', type: 'message', data: { kind: 'media', mediaType: 'image', url: 'https://cdn.example.com/menu.png', caption: 'Menu' } },
      ],
      [['hello', 'photo']],
    );
    const result = await runFlowStep(stateAt(flow, null, { name: 'Ana' }), start, fakePorts());
    expect(result.outbound).toEqual([
      { kind: 'text', text: 'Olá, Ana!' },
      expect.objectContaining({ kind: 'media', mediaType: 'image', link: 'https://cdn.example.com/menu.png', caption: 'Menu' }),
    ]);
    expect(result.path).toEqual(['hello', 'photo']);
    expect(result.outcome).toEqual({ status: 'completed', then: 'bot' });
  });

  it('question with choices: asks with buttons and waits; an answer takes its option edge and stores the value', async () => {
    const flow = flowOf(
      [
        { ...choices('menu', 'Escolha:', ['Pedidos', 'Horário']), data: { ...choices('menu', 'Escolha:', ['Pedidos', 'Horário']).data, variable: 'topic' } },
        message('orders', 'Seus pedidos'),
        message('hours', 'Abrimos às 8h'),
      ],
      [
        ['menu', 'option:menu_o1', 'orders'],
        ['menu', 'option:menu_o2', 'hours'],
      ],
    );
    const asked = await runFlowStep(stateAt(flow), start, fakePorts());
    expect(asked.outcome).toEqual({ status: 'waiting_input' });
    expect(asked.outbound).toEqual([
      {
        kind: 'buttons',
        body: 'Escolha:',
        buttons: [
          { id: 'menu_o1', title: 'Pedidos' },
          { id: 'menu_o2', title: 'Horário' },
        ],
      },
    ]);
    expect(asked.state.blockId).toBe('menu');

    const chosen = await runFlowStep(asked.state, answer('Horário', 'menu_o2'), fakePorts());
    expect(chosen.outbound).toEqual([{ kind: 'text', text: 'Abrimos às 8h' }]);
    expect(chosen.state.variables).toMatchObject({ topic: 'Horário', last_answer: 'Horário' });
  });

  it('question with validation: a wrong answer is asked again, and after maxRetries the gave_up edge is taken', async () => {
    const flow = flowOf(
      [
        textQuestion('email', 'Seu e-mail?', 'email', 'email', { maxRetries: 1, retryMessage: 'E-mail inválido' }),
        message('thanks', 'Obrigado, {{email}}'),
        message('human', 'Vamos chamar alguém'),
      ],
      [
        ['email', 'thanks'],
        ['email', 'gave_up', 'human'],
      ],
    );
    const asked = await runFlowStep(stateAt(flow), start, fakePorts());
    const retried = await runFlowStep(asked.state, answer('not an e-mail'), fakePorts());
    expect(retried.outcome).toEqual({ status: 'waiting_input' });
    expect(retried.outbound).toEqual([
      { kind: 'text', text: 'E-mail inválido' },
      { kind: 'text', text: 'Seu e-mail?' },
    ]);
    expect(retried.state.retryCount).toBe(1);

    const gaveUp = await runFlowStep(retried.state, answer('still wrong'), fakePorts());
    expect(gaveUp.outbound).toEqual([{ kind: 'text', text: 'Vamos chamar alguém' }]);
    expect(gaveUp.notes).toEqual(['gave up at email after 1 retries']);

    const valid = await runFlowStep(retried.state, answer('ana@example.com'), fakePorts());
    expect(valid.outbound).toEqual([{ kind: 'text', text: 'Obrigado, ana@example.com' }]);
    expect(valid.state.retryCount).toBe(0);
  });

  it('an answer while not waiting at a question fails without a handoff', async () => {
    const flow = flowOf([message('hello', 'Oi')]);
    const result = await runFlowStep(stateAt(flow, 'hello'), answer('oi'), fakePorts());
    expect(result.outcome).toEqual({ status: 'failed', reason: 'the execution is not waiting at a question (hello)', handoff: false });
  });

  it('condition: takes the first branch that holds, or the default edge', async () => {
    const flow = flowOf(
      [
        condition('check', [
          { id: 'vip', variable: 'tier', operator: 'equals', value: 'gold' },
          { id: 'known', variable: 'name', operator: 'is_set' },
        ]),
        message('gold', 'VIP'),
        message('hello', 'Olá {{name}}'),
        message('stranger', 'Quem é você?'),
      ],
      [
        ['check', 'branch:vip', 'gold'],
        ['check', 'branch:known', 'hello'],
        ['check', 'default', 'stranger'],
      ],
    );
    const texts = async (variables: Variables) =>
      (await runFlowStep(stateAt(flow, null, variables), start, fakePorts())).outbound.map((content) => content.kind === 'text' && content.text);
    expect(await texts({ tier: 'gold', name: 'Ana' })).toEqual(['VIP']);
    expect(await texts({ name: 'Ana' })).toEqual(['Olá Ana']);
    expect(await texts({})).toEqual(['Quem é você?']);
  });

  it('set_variable: text templates and expressions; a failing expression empties the variable and is noted', async () => {
    const flow = flowOf(
      [
        {
          id: 'set',
          type: 'set_variable',
          data: {
            assignments: [
              { kind: 'text', variable: 'greeting', text: 'Oi {{name}}' },
              { kind: 'expression', variable: 'total', expression: 'price * 2' },
              { kind: 'expression', variable: 'broken', expression: 'price *' },
            ],
          },
        },
        message('show', '{{greeting}}: {{total}}'),
      ],
      [['set', 'show']],
    );
    const result = await runFlowStep(stateAt(flow, null, { name: 'Ana', price: 21 }), start, fakePorts());
    expect(result.state.variables).toMatchObject({ greeting: 'Oi Ana', total: 42, broken: null });
    expect(result.outbound).toEqual([{ kind: 'text', text: 'Oi Ana: 42' }]);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/^set: broken = price \*: /);
  });

  it('ai_reply: sends the answer and saves it; a failure takes the failure edge', async () => {
    const flow = flowOf(
      [
        { id: 'ai', type: 'ai_reply', data: { prompt: 'Resuma: {{question}}', useKnowledgeBase: true, saveAs: 'summary' } },
        message('after', 'Resumo salvo: {{summary}}'),
        message('sorry', 'Não consegui agora'),
      ],
      [
        ['ai', 'after'],
        ['ai', 'failure', 'sorry'],
      ],
    );
    const ports = fakePorts();
    const ok = await runFlowStep(stateAt(flow, null, { question: 'horário', conversation_id: 'c1' }), start, ports);
    expect(ports.aiCalls).toEqual([{ prompt: 'Resuma: horário', useKnowledgeBase: true, conversationId: 'c1' }]);
    expect(ok.outbound).toEqual([
      { kind: 'text', text: 'answer' },
      { kind: 'text', text: 'Resumo salvo: answer' },
    ]);

    const failed = await runFlowStep(stateAt(flow), start, fakePorts({ ai: async () => ({ ok: false, error: 'budget exhausted' }) }));
    expect(failed.outbound).toEqual([{ kind: 'text', text: 'Não consegui agora' }]);
    expect(failed.notes).toEqual(['ai: AI failed: budget exhausted']);
  });

  it('http_request: sends the rendered request with the vault header, maps the response and status; errors take failure', async () => {
    const flow = flowOf(
      [
        {
          id: 'call',
          type: 'http_request',
          data: {
            method: 'POST',
            url: 'https://api.example.com/orders/{{order}}',
            body: '{"phone":"{{phone}}"}',
            headers: [{ name: 'Authorization', value: '', secret: true, secretRef: '6f1c2d4e-0000-4000-8000-000000000001' }],
            responseMapping: [{ path: 'data.status', variable: 'orderStatus' }],
            statusVariable: 'httpStatus',
          },
        },
        message('ok', 'Pedido: {{orderStatus}} ({{httpStatus}})'),
        message('down', 'Sistema fora do ar'),
      ],
      [
        ['call', 'ok'],
        ['call', 'failure', 'down'],
      ],
    );
    const ports = fakePorts({
      secret: async () => 'Bearer s3cret',
      http: async (request): Promise<HttpBlockResult> => {
        ports.httpCalls.push(request);
        return { ok: true, status: 201, body: { data: { status: 'enviado' } } };
      },
    });
    const ok = await runFlowStep(stateAt(flow, null, { order: '42', phone: '5511999990000' }), start, ports);
    expect(ports.httpCalls).toHaveLength(1);
    expect(ports.httpCalls[0]).toMatchObject({ method: 'POST', url: 'https://api.example.com/orders/42', body: '{"phone":"5511999990000"}' });
    expect(ports.httpCalls[0]!.headers).toMatchObject({ Authorization: 'Bearer s3cret' });
    expect(ok.outbound).toEqual([{ kind: 'text', text: 'Pedido: enviado (201)' }]);

    const down = await runFlowStep(
      stateAt(flow, null, { order: '42', phone: '1' }),
      start,
      fakePorts({ secret: async () => 'x', http: async () => ({ ok: false, status: 503, error: 'HTTP 503' }) }),
    );
    expect(down.outbound).toEqual([{ kind: 'text', text: 'Sistema fora do ar' }]);
    expect(down.state.variables.httpStatus).toBe(503);

    const gone = await runFlowStep(stateAt(flow, null, { order: '42' }), start, fakePorts({ secret: async () => null }));
    expect(gone.outbound).toEqual([{ kind: 'text', text: 'Sistema fora do ar' }]);
    expect(gone.notes[0]).toMatch(/header Authorization is missing/);
  });

  it('handoff: sends its message and hands the conversation to a person', async () => {
    const flow = flowOf([{ id: 'human', type: 'handoff', data: { message: 'Um atendente já vem, {{name}}' } }, message('never', 'não')], [['human', 'never']]);
    const result = await runFlowStep(stateAt(flow, null, { name: 'Ana' }), start, fakePorts());
    expect(result.outcome).toEqual({ status: 'handed_off' });
    expect(result.outbound).toEqual([{ kind: 'text', text: 'Um atendente já vem, Ana' }]);
    // Handed back by the agent, the flow goes on from the handoff's next edge.
    const back = await runFlowStep(result.state, { kind: 'handback' }, fakePorts());
    expect(back.outbound).toEqual([{ kind: 'text', text: 'não' }]);
  });

  it('delay: waits until now + seconds, then resumes on its next edge', async () => {
    const flow = flowOf([{ id: 'wait', type: 'delay', data: { seconds: 90 } }, message('later', 'Ainda aí?')], [['wait', 'later']]);
    const waiting = await runFlowStep(stateAt(flow), start, fakePorts());
    expect(waiting.outcome).toEqual({ status: 'waiting_delay', resumeAt: new Date(NOW.getTime() + 90_000) });
    expect(waiting.outbound).toEqual([]);
    const resumed = await runFlowStep(waiting.state, { kind: 'delay_done' }, fakePorts());
    expect(resumed.outbound).toEqual([{ kind: 'text', text: 'Ainda aí?' }]);
  });

  it('jump: to a block in the flow, and to another flow (the left flow is reported, flow_name set)', async () => {
    const other = flowOf([message('welcome', 'Bem-vindo ao {{flow_name}}')], [], 'f2', 'Vendas');
    const flow = flowOf(
      [
        { id: 'toBlock', type: 'jump', data: { target: { kind: 'block', blockId: 'hello' } } },
        message('skipped', 'pulado'),
        message('hello', 'Olá'),
        { id: 'toFlow', type: 'jump', data: { target: { kind: 'flow', flowId: 'f2' } } },
      ],
      [['hello', 'toFlow']],
    );
    const result = await runFlowStep(stateAt(flow), start, fakePorts({ loadFlow: async (id) => (id === 'f2' ? other : null) }));
    expect(result.outbound).toEqual([
      { kind: 'text', text: 'Olá' },
      { kind: 'text', text: 'Bem-vindo ao Vendas' },
    ]);
    expect(result.path).toEqual(['toBlock', 'hello', 'toFlow', 'welcome']);
    expect(result.leftFlows).toEqual([{ flow, blockId: 'toFlow', visited: ['toBlock', 'hello', 'toFlow'] }]);
    expect(result.state.flow).toBe(other);

    const missing = await runFlowStep(stateAt(flow), start, fakePorts());
    expect(missing.outcome).toEqual({ status: 'failed', reason: 'the jump goes to a flow that is missing or not published (f2)', handoff: false });
  });

  it('end: sends its message and says whether the bot takes over or the conversation closes', async () => {
    const closing = await runFlowStep(stateAt(flowOf([end('bye', 'close', 'Até logo, {{name}}')])), start, fakePorts());
    expect(closing.outcome).toEqual({ status: 'completed', then: 'close' });
    const toBot = await runFlowStep(stateAt(flowOf([end('bye', 'bot')])), start, fakePorts());
    expect(toBot.outcome).toEqual({ status: 'completed', then: 'bot' });
    expect(toBot.outbound).toEqual([]);
    expect(closing.outbound).toEqual([{ kind: 'text', text: 'Até logo, ' }]);
  });
});

describe('runFlowStep, the guards', () => {
  it('stops a loop that never waits for the customer and hands it to a person', async () => {
    const flow = flowOf(
      [setVariable('spin', 'n', 'n + 1'), { id: 'again', type: 'jump', data: { target: { kind: 'block', blockId: 'spin' } } }],
      [['spin', 'again']],
    );
    const result = await runFlowStep(stateAt(flow, null, { n: 0 }), start, fakePorts());
    expect(result.outcome).toEqual({
      status: 'failed',
      reason: `stopped after ${MAX_BLOCKS_PER_STEP} blocks without waiting for the customer (a loop?)`,
      handoff: true,
    });
    expect(result.outbound).toEqual([{ kind: 'text', text: LOOP_HANDOFF_MESSAGE }]);
  });

  it('stops flows that keep jumping to each other', async () => {
    const ping = flowOf([{ id: 'go', type: 'jump', data: { target: { kind: 'flow', flowId: 'pong' } } }], [], 'ping', 'Ping');
    const pong = flowOf([{ id: 'back', type: 'jump', data: { target: { kind: 'flow', flowId: 'ping' } } }], [], 'pong', 'Pong');
    const result = await runFlowStep(stateAt(ping), start, fakePorts({ loadFlow: async (id) => (id === 'ping' ? ping : pong) }));
    expect(result.outcome).toEqual({ status: 'failed', reason: 'flows keep jumping to each other', handoff: true });
  });

  it('fails clearly on a flow without a start block and on an edge to a missing block', async () => {
    const noStart: EngineFlow = { flowId: 'f', versionId: null, name: 'x', document: flowFixture([message('a', 'a')], [], { start: null }) };
    expect((await runFlowStep(stateAt(noStart), start, fakePorts())).outcome).toEqual({
      status: 'failed',
      reason: 'the flow has no start block',
      handoff: false,
    });
    const dangling = flowOf([message('a', 'a')], [['a', 'ghost']]);
    const result = await runFlowStep(stateAt(dangling), start, fakePorts());
    expect(result.outcome).toEqual({ status: 'failed', reason: 'an edge leads to a block that does not exist (ghost)', handoff: false });
  });

  it('leaves the state it was given untouched', async () => {
    const flow = flowOf([setVariable('set', 'n', '1'), message('m', 'x')], [['set', 'm']]);
    const before = stateAt(flow, null, { keep: 'yes' });
    await runFlowStep(before, start, fakePorts());
    expect(before).toEqual({ flow, blockId: null, variables: { keep: 'yes' }, retryCount: 0, visited: [] });
  });
});
