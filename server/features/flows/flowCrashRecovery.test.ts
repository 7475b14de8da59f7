// A flow's step survives the process dying mid-step and the database failing under it: the re-run
// of the customer's message (the inbox retries it) takes its own interrupted step over at once
// (not after the 5-minute stale takeover), a slow first run that comes back stores nothing, and
// database trouble in the AI block or the step's commit is retried, never the block's failure path
// nor a hand-over. Through signed webhooks, the inbox, the flows responder and the fake Graph API.
import { useFakeDefaultModel } from '#server/testing/fakeDefaultModel.js';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboundMessage, Responder } from '#server/app/responder.js';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { injectDatabaseFaults, type DatabaseFaultOptions } from '#server/testing/injectDatabaseFaults.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { end, flowFixture, message, textQuestion } from '#shared/flows/testing/flowFixture.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { gatewayTuning } from '../gateway/gatewayTuning.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { clientWithKeywordFlow } from './fixtures/keywordFlow.js';
import { advanceExecution, type ExecutionRow } from './executor/advanceExecution.js';
import { findTriggeredFlow } from './executor/findTriggeredFlow.js';
import { flowPortsFor } from './executor/flowPortsFor.js';
import { runDueFlowTimers } from './executor/runDueFlowTimers.js';
import { newStepClaim } from './executor/stepClaim.js';
import { loadFlowVersion } from './loadFlowVersion.js';

const MODEL = 'flow-db';
const FAILED = 'A IA falhou, um atendente vai continuar.';
let phoneCounter = 0;
const newPhone = () => `55118${String(Date.now()).slice(-6)}${String(++phoneCounter).padStart(2, '0')}`;

/** Arms a fault only for transactions started from inside the named function (its frame is on the stack then). */
const startedInside = (name: string) => () => (new Error().stack ?? '').includes(name);

describe.each(DATABASE_KINDS)('a flow step interrupted by a crash or database trouble on %s', (kind) => {
  let kit: WhatsAppKit;
  let fake: FakeModelServer;
  const saved = [...RESPONDERS];
  /** The "dead process": for one message text, claims the step as a worker would, then dies before storing it. */
  let crash: { text: string; claim(inbound: InboundMessage): Promise<ExecutionRow> } | null = null;
  let deadClaims: ExecutionRow[] = [];
  const crasher: Responder = {
    name: 'crash-mid-step',
    async respond(inbound) {
      if (!crash || inbound.text !== crash.text) return false;
      const { claim } = crash;
      crash = null;
      deadClaims.push(await claim(inbound));
      throw new Error('the process died here (simulated): the claimed step was never stored');
    },
  };
  beforeAll(async () => {
    // Only the flows answer (after the crash simulator): "no answer" cannot be the AI reply's doing.
    RESPONDERS.splice(0, RESPONDERS.length, crasher, ...saved.filter((responder) => responder.name === 'flows'));
    Error.stackTraceLimit = 50;
    fake = await startFakeModelServer();
    kit = await startWhatsAppKit(kind, { providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl } });
    Object.assign(gatewayTuning(kit.server.app), { requestTimeoutMs: 1_000, backoffBaseMs: 5, backoffMaxMs: 20, stateTtlMs: 0 });
    await useFakeDefaultModel(kit.server, MODEL);
  });
  beforeEach(() => {
    fake.reset();
    crash = null;
    deadClaims = [];
  });
  afterAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...saved);
    await kit?.dispose();
    await fake?.close();
  });

  const db = () => kit.server.app.db;
  const liveFlow = async (document: FlowDocument, keyword: string) => (await clientWithKeywordFlow(kit, document, keyword)).client;
  /** Delivers and waits until the inbox is drained (retries and their backoffs included) and replies are sent. */
  async function say(client: { id: string; phoneNumberId: string }, from: string, text: string) {
    const response = await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from, 'Ana Lima')], messages: [inbound.text(from, text)] }));
    expect(response.status).toBe(200);
    await kit.settle();
    const { webhookInbox } = db().t;
    const failed = await db().system((tx) =>
      tx
        .select()
        .from(webhookInbox)
        .where(and(eq(webhookInbox.clientId, client.id), eq(webhookInbox.state, 'failed'))),
    );
    expect(failed).toEqual([]);
  }
  const sentTo = (to: string) => kit.graph.sent.filter((sent) => sent.to === to).map((sent) => (sent.body.text as { body: string }).body);
  const conversationOf = async (clientId: string, phone: string) => {
    const { conversations } = db().t;
    const [row] = await db().tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return row!;
  };
  const executionsOf = async (clientId: string) => {
    const { flowExecutions } = db().t;
    return db().tenant(clientId, (tx) => tx.select().from(flowExecutions).where(eq(flowExecutions.clientId, clientId)));
  };
  async function withFaults(options: DatabaseFaultOptions, body: () => Promise<void>) {
    const faults = injectDatabaseFaults(kit.server.app, options);
    try {
      await body();
    } finally {
      faults.restore();
    }
    return faults;
  }
  const askName = () => flowFixture([textQuestion('name', 'Qual é o seu nome?', 'name'), end('bye', 'bot', 'Obrigado, {{name}}!')], [['name', 'bye']]);

  it('a re-run of the answer takes over the step a dead process claimed for it: answered once, at once; the dead run, back, stores nothing', async () => {
    const client = await liveFlow(askName(), 'cadastro');
    const phone = newPhone();
    await say(client, phone, 'cadastro');
    expect(sentTo(phone)).toEqual(['Qual é o seu nome?']);

    // The dead process claimed the waiting step for this answer (as continueFlowExecution does) and died.
    const { flowExecutions } = db().t;
    crash = {
      text: 'Ana',
      claim: async ({ clientId, conversation, message: answer }) => {
        const [row] = await db().tenant(clientId, (tx) =>
          tx
            .update(flowExecutions)
            .set({ status: 'running', lastActivityAt: new Date(), ...newStepClaim(answer.id) })
            .where(and(eq(flowExecutions.clientId, clientId), eq(flowExecutions.conversationId, conversation.id), eq(flowExecutions.status, 'waiting_input')))
            .returning(),
        );
        return row!;
      },
    };
    // The inbox re-runs the event after a short backoff: the re-run must answer now, not after the 5-minute stale takeover.
    await say(client, phone, 'Ana');
    expect(deadClaims).toHaveLength(1);
    expect(sentTo(phone)).toEqual(['Qual é o seu nome?', 'Obrigado, Ana!']);
    expect((await conversationOf(client.id, phone)).status).toBe('bot');
    const [done] = await executionsOf(client.id);
    expect(done).toMatchObject({ status: 'completed', currentBlockId: 'bye', claimToken: null, claimedFor: null });

    // The "dead" run was only frozen: it wakes up and finishes its step. It no longer holds the claim, so nothing is stored or sent.
    const dead = deadClaims[0]!;
    const flow = (await db().tenant(client.id, (tx) => loadFlowVersion(kit.server.app, tx, client.id, dead.flowVersionId!)))!;
    await advanceExecution(
      kit.server.app,
      flowPortsFor(kit.server.app, client.id),
      dead,
      flow,
      { kind: 'answer', text: 'Ana', choiceId: null },
      dead.claimedFor!,
    );
    await kit.settle();
    expect(sentTo(phone)).toEqual(['Qual é o seu nome?', 'Obrigado, Ana!']);
    expect(await executionsOf(client.id)).toEqual([done]);
  });

  it('a re-run of the trigger takes over the flow start a dead process claimed for it: the first question is sent once', async () => {
    const client = await liveFlow(askName(), 'inscrever');
    const phone = newPhone();
    const { flowExecutions } = db().t;
    // The dead process inserted the running execution for this message (as startFlowExecution does) and died before its first step was stored.
    crash = {
      text: 'inscrever',
      claim: async ({ app, clientId, conversation, message: trigger, text }) => {
        const flow = (await findTriggeredFlow(app, clientId, text))!;
        const [row] = await db().tenant(clientId, (tx) =>
          tx
            .insert(flowExecutions)
            .values({
              clientId,
              flowId: flow.flowId,
              flowVersionId: flow.versionId,
              conversationId: conversation.id,
              status: 'running',
              variables: {
                contact_name: conversation.name ?? '',
                contact_phone: conversation.phone,
                flow_name: flow.name,
                conversation_id: conversation.id,
                last_answer: text ?? '',
              },
              visitedBlocks: [],
              startedAt: new Date(),
              lastActivityAt: new Date(),
              ...newStepClaim(trigger.id),
            })
            .returning(),
        );
        return row!;
      },
    };
    await say(client, phone, 'inscrever');
    expect(deadClaims).toHaveLength(1);
    expect(sentTo(phone)).toEqual(['Qual é o seu nome?']);
    expect((await conversationOf(client.id, phone)).status).toBe('fluxo_inicial');
    const executions = await executionsOf(client.id);
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ id: deadClaims[0]!.id, status: 'waiting_input', currentBlockId: 'name' });

    await say(client, phone, 'Bia');
    expect(sentTo(phone)).toEqual(['Qual é o seu nome?', 'Obrigado, Bia!']);
  });

  it("the database fails the step's commit: retried, the flow's answer sent once, no failure path, no hand-over", async () => {
    const client = await liveFlow(askName(), 'pedido');
    const phone = newPhone();
    await say(client, phone, 'pedido');
    const faults = await withFaults({ clientId: client.id, count: 2, when: startedInside('persistStep') }, async () => {
      await say(client, phone, 'Caio');
    });
    expect(faults.thrown).toBe(2);
    expect(sentTo(phone)).toEqual(['Qual é o seu nome?', 'Obrigado, Caio!']);
    expect((await conversationOf(client.id, phone)).status).toBe('bot');
    const [execution] = await executionsOf(client.id);
    expect(execution).toMatchObject({ status: 'completed', currentBlockId: 'bye', variables: expect.objectContaining({ name: 'Caio' }) });
  });

  it("the database fails the step a customer's message resumes after a hand-back: its re-run resumes it, the question sent once", async () => {
    const client = await liveFlow(
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
      'humano',
    );
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const phone = newPhone();
    await say(client, phone, 'humano');
    expect(sentTo(phone)).toEqual(['Chamando alguém']);
    await agent.caller.conversations.returnToBot({ conversationId: (await conversationOf(client.id, phone)).id });
    const faults = await withFaults({ clientId: client.id, count: 1, when: startedInside('persistStep') }, async () => {
      await say(client, phone, 'obrigado!');
    });
    expect(faults.thrown).toBe(1);
    expect(sentTo(phone)).toEqual(['Chamando alguém', 'De 0 a 10, que nota?']);
    await say(client, phone, '9');
    expect(sentTo(phone)).toEqual(['Chamando alguém', 'De 0 a 10, que nota?', 'Nota 9, obrigado!']);
  });

  it("the database fails the step after a delay: the delay stays due and the clock's next run sends the rest once", async () => {
    const client = await liveFlow(
      flowFixture(
        [message('a', 'Aguarde...'), { id: 'd', type: 'delay', data: { seconds: 600 } }, end('b', 'bot', 'Pronto!')],
        [
          ['a', 'd'],
          ['d', 'b'],
        ],
      ),
      'espera',
    );
    const phone = newPhone();
    await say(client, phone, 'espera');
    expect(sentTo(phone)).toEqual(['Aguarde...']);
    // The flows' clock, run at a time after the delay (the background one runs on the real time, long before it).
    const later = new Date(Date.now() + 601_000);
    const faults = await withFaults({ clientId: client.id, count: 1, when: startedInside('persistStep') }, async () => {
      await runDueFlowTimers(kit.server.app, later);
      await kit.settle();
    });
    expect(faults.thrown).toBe(1);
    expect(sentTo(phone)).toEqual(['Aguarde...']);
    expect((await executionsOf(client.id))[0]).toMatchObject({ status: 'waiting_delay', claimToken: null });
    expect(await runDueFlowTimers(kit.server.app, later)).toMatchObject({ resumed: 1 });
    await kit.settle();
    expect(sentTo(phone)).toEqual(['Aguarde...', 'Pronto!']);
    expect((await executionsOf(client.id))[0]).toMatchObject({ status: 'completed', currentBlockId: 'b' });
  });

  const aiFlow = () =>
    flowFixture(
      [
        textQuestion('q', 'Qual é a sua dúvida?', 'q'),
        { id: 'ai', type: 'ai_reply', data: { prompt: '{{q}}', useKnowledgeBase: true } },
        end('bye', 'bot', 'Posso ajudar em algo mais?'),
        { id: 'oops', type: 'handoff', data: { message: FAILED } },
      ],
      [
        ['q', 'ai'],
        ['ai', 'bye'],
        ['ai', 'failure', 'oops'],
      ],
    );

  it('the database fails during the AI block: retried, the AI answer sent once, never the failure path or a hand-over', async () => {
    const client = await liveFlow(aiFlow(), 'duvida');
    const phone = newPhone();
    await say(client, phone, 'duvida');
    expect(sentTo(phone)).toEqual(['Qual é a sua dúvida?']);
    // Every transaction the AI block starts (the knowledge base's settings) fails, twice, as a pool with no free connection does.
    const faults = await withFaults({ clientId: client.id, count: 2, at: 'start', when: startedInside('flowAi') }, async () => {
      await say(client, phone, 'vocês abrem domingo?');
    });
    expect(faults.thrown).toBe(2);
    expect(sentTo(phone)).toEqual(['Qual é a sua dúvida?', `Resposta de ${MODEL}: vocês abrem domingo?`, 'Posso ajudar em algo mais?']);
    expect((await conversationOf(client.id, phone)).status).toBe('bot');
    const [execution] = await executionsOf(client.id);
    expect(execution).toMatchObject({ status: 'completed', currentBlockId: 'bye' });
  });

  it('the database fails the commit of a step whose AI already answered: the answer is sent once, without the failure path', async () => {
    const client = await liveFlow(aiFlow(), 'ajuda');
    const phone = newPhone();
    await say(client, phone, 'ajuda');
    const faults = await withFaults({ clientId: client.id, count: 1, when: startedInside('persistStep') }, async () => {
      await say(client, phone, 'qual o horário?');
    });
    expect(faults.thrown).toBe(1);
    expect(sentTo(phone)).toEqual(['Qual é a sua dúvida?', `Resposta de ${MODEL}: qual o horário?`, 'Posso ajudar em algo mais?']);
    expect((await conversationOf(client.id, phone)).status).toBe('bot');
  });
});
