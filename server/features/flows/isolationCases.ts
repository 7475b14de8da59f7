// Tenant isolation cases for flows.* (see server/testing/isolation/isolationCase.ts).
import { randomUUID } from 'node:crypto';
import type { FeatureIsolation, IsolationCase, IsolationWorld, Probe } from '#server/testing/isolation/isolationCase.js';
import { choices, end, flowFixture } from '#shared/flows/testing/flowFixture.js';

const document = () =>
  flowFixture(
    [choices('ask', 'Olá?', ['Sim']), { id: 'h', type: 'handoff', data: {} }, end('e')],
    [
      ['ask', 'option:ask_o1', 'h'],
      ['ask', 'gave_up', 'e'],
      ['h', 'e'],
    ],
  );

/** The procedure names a flow of client A: not found for client B. */
const onAFlow = (what: string, input: (world: IsolationWorld) => Record<string, unknown>, as: Probe['as'] = 'owner'): IsolationCase => ({
  why: `${what} looks the flow up inside the caller's own client only`,
  probes: (world) => [{ as, input: input(world), expect: 'denied', code: 'NOT_FOUND' }],
});
const flowOf = ({ a }: IsolationWorld) => a.data['flows.flowId']!;
const sessionOf = ({ a }: IsolationWorld) => a.data['flows.sessionId']!;

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const admin = a.members.admin.caller;
    const flow = await admin.flows.create({
      name: `Fluxo secreto ${randomUUID()}`,
      triggerKeywords: ['segredo'],
      triggerQrCode: `QR-${randomUUID()}`,
      document: document(),
    });
    world.remember(a, 'flows.flowId', flow.id);
    world.remember(a, 'flows.name', flow.name);
    // A QR code's text is printed on paper for anyone to read: data B may reuse, not a secret marker.
    a.data['flows.qr'] = flow.triggerQrCode!;
    const published = await admin.flows.publish({ id: flow.id });
    world.remember(a, 'flows.versionId', published.versionId);
    const session = await a.members.agent.caller.flows.simulate.start({ flowId: flow.id });
    world.remember(a, 'flows.sessionId', session.sessionId);
    const handedOff = await a.members.agent.caller.flows.simulate.send({ sessionId: session.sessionId, text: 'Sim' });
    if (handedOff.status !== 'handed_off') throw new Error('the seeded simulation should wait for a hand-back');
    // A conversation of A handed to a human by this flow.
    const { db } = world.server.app;
    const conversationId = await db.tenant(a.clientId, async (tx) => {
      const [conversation] = await tx
        .insert(db.t.conversations)
        .values({ clientId: a.clientId, phone: `5511${Date.now().toString().slice(-9)}`, status: 'transferido' })
        .returning();
      await tx.insert(db.t.flowExecutions).values({
        clientId: a.clientId,
        flowId: flow.id,
        flowVersionId: published.versionId,
        conversationId: conversation!.id,
        status: 'handed_off',
        currentBlockId: 'h',
      });
      return conversation!.id;
    });
    world.remember(a, 'flows.conversationId', conversationId);
  },
  cases: {
    'flows.list': { why: "lists the caller's client's flows", probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'allowed' }] },
    'flows.get': onAFlow('get', (world) => ({ id: flowOf(world) })),
    'flows.create': {
      why: "creates in the caller's client; QR codes are unique per client only",
      probes: ({ a }) => [
        { input: { name: 'B flow', triggerType: 'qr_code', triggerQrCode: a.data['flows.qr'] }, expect: 'allowed' },
        { as: 'agent', input: { name: 'x' }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'flows.updateDraft': onAFlow('saving a draft', (world) => ({ id: flowOf(world), expectedRevision: 1, name: 'stolen' })),
    'flows.rename': onAFlow('renaming', (world) => ({ id: flowOf(world), name: 'stolen' })),
    'flows.delete': onAFlow('deleting', (world) => ({ id: flowOf(world) })),
    'flows.duplicate': onAFlow('duplicating', (world) => ({ id: flowOf(world) })),
    'flows.validate': {
      why: "validates the caller's flow, or a document the caller sends",
      probes: (world) => [
        { input: { id: flowOf(world) }, expect: 'denied', code: 'NOT_FOUND' },
        { input: { document: document() }, expect: 'allowed' },
      ],
    },
    'flows.publish': onAFlow('publishing', (world) => ({ id: flowOf(world) })),
    'flows.versions': onAFlow('listing versions', (world) => ({ id: flowOf(world) })),
    'flows.compare': onAFlow('comparing versions', (world) => ({ id: flowOf(world), from: world.a.data['flows.versionId'], to: 'draft' })),
    'flows.restore': onAFlow('restoring a version', (world) => ({ id: flowOf(world), versionId: world.a.data['flows.versionId'], expectedRevision: 1 })),
    'flows.export': onAFlow('exporting', (world) => ({ id: flowOf(world) })),
    'flows.import': {
      why: "imports into the caller's client; a jump to another client's flow is refused",
      probes: (world) => [
        { input: { file: { format: 'uzz.flow', flow: { name: 'Importado' }, document: document() } }, expect: 'allowed' },
        {
          input: {
            file: {
              format: 'uzz.flow',
              flow: { name: 'Salto' },
              document: flowFixture([{ id: 'j', type: 'jump', data: { target: { kind: 'flow', flowId: flowOf(world) } } }]),
            },
          },
          expect: 'denied',
          code: 'BAD_REQUEST',
        },
      ],
    },
    'flows.activate': onAFlow('activating', (world) => ({ id: flowOf(world) })),
    'flows.deactivate': onAFlow('deactivating', (world) => ({ id: flowOf(world) })),
    'flows.analytics': onAFlow('analytics', (world) => ({ id: flowOf(world) })),
    'flows.startable': {
      why: "lists the caller's client's published flows only",
      probes: () => [{ as: 'agent', input: undefined, expect: 'allowed' }],
    },
    'flows.startForConversation': {
      why: "another client's flow and conversation are not found; nothing starts",
      probes: ({ a }) => [
        { as: 'agent', input: { flowId: a.data['flows.flowId'], conversationId: a.data['flows.conversationId'] }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
    'flows.handBack': {
      why: "hands back only conversations of the caller's client",
      probes: ({ a }) => [{ as: 'agent', input: { conversationId: a.data['flows.conversationId'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'flows.simulate.start': onAFlow('simulating', (world) => ({ flowId: flowOf(world) }), 'agent'),
    'flows.simulate.send': onAFlow('a simulation turn', (world) => ({ sessionId: sessionOf(world), text: 'Sim' }), 'agent'),
    'flows.simulate.restart': onAFlow('restarting a simulation', (world) => ({ sessionId: sessionOf(world) }), 'agent'),
    'flows.simulate.handBack': onAFlow('a simulated hand-back', (world) => ({ sessionId: sessionOf(world) }), 'agent'),
  },
};
