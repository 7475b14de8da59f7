// The editor's simulator: runs a flow for a pretend customer with the real engine, HTTP and AI,
// but no WhatsApp, no conversation and no execution rows. Sessions live in memory between turns
// (an editor tab chats with it) and expire after an hour of silence.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { readFlowSecret } from '../flowSecrets.js';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import type { EngineFlow, FlowPorts } from '../engine/flowPorts.js';
import { runFlowStep, type EngineState, type StepEvent, type StepOutcome } from '../engine/runFlowStep.js';
import { flowAi } from '../executor/flowAi.js';
import { performHttpRequest } from '../http/performHttpRequest.js';
import { loadPublishedFlow } from '../loadFlowVersion.js';
import { draftDocumentOf, loadFlowRow } from '../loadFlowRow.js';

const SESSION_IDLE_MS = 60 * 60_000;
const SESSIONS_MAX = 2000;
const DELAYS_PER_TURN = 20;

export type SimulatorSource = 'draft' | 'published';
type Session = {
  id: string;
  clientId: string;
  userId: string;
  flowId: string;
  source: SimulatorSource;
  contactName: string;
  state: EngineState;
  status: StepOutcome['status'] | 'new';
  lastUsed: number;
};
export type SimulatorTurn = {
  sessionId: string;
  /** What the customer would see, in order, exactly as the executor would send it. */
  messages: OutboundContent[];
  /** Blocks run in this turn, in order. */
  visited: string[];
  status: StepOutcome['status'];
  /** The block the flow waits at (question, delay, handoff), or the last one run. */
  currentBlockId: string | null;
  flowId: string;
  variables: Record<string, unknown>;
  /** Delays skipped (the simulator does not wait), failures of HTTP/AI blocks and expressions. */
  notes: string[];
  failure: string | null;
};

const sessions = perApp((_app: AppContext) => new Map<string, Session>());

export async function startSimulation(
  app: AppContext,
  input: { clientId: string; userId: string; flowId: string; source: SimulatorSource; contactName?: string },
): Promise<SimulatorTurn> {
  prune(app);
  const flow = await loadSimulatedFlow(app, input.clientId, input.flowId, input.source);
  const contactName = input.contactName ?? 'Cliente Teste';
  const session: Session = {
    id: randomUUID(),
    clientId: input.clientId,
    userId: input.userId,
    flowId: input.flowId,
    source: input.source,
    contactName,
    state: initialState(flow, contactName),
    status: 'new',
    lastUsed: Date.now(),
  };
  sessions(app).set(session.id, session);
  return turn(app, session, { kind: 'start' });
}

export async function sendToSimulation(
  app: AppContext,
  input: { clientId: string; sessionId: string; text?: string | null; choiceId?: string | null },
): Promise<SimulatorTurn> {
  const session = sessionOf(app, input.clientId, input.sessionId);
  if (session.status !== 'waiting_input') {
    return { ...view(session, [], [], [], null), notes: [`the flow is not waiting for an answer (${session.status}): restart it to try again`] };
  }
  return turn(app, session, { kind: 'answer', text: input.text ?? null, choiceId: input.choiceId ?? null });
}

/** Starts the same flow again from the top (re-reading the draft, so edits are picked up). */
export async function restartSimulation(app: AppContext, input: { clientId: string; sessionId: string }): Promise<SimulatorTurn> {
  const session = sessionOf(app, input.clientId, input.sessionId);
  session.state = initialState(await loadSimulatedFlow(app, session.clientId, session.flowId, session.source), session.contactName);
  session.status = 'new';
  return turn(app, session, { kind: 'start' });
}

/** What happens when an agent gives the chat back after a handoff block. */
export async function handBackSimulation(app: AppContext, input: { clientId: string; sessionId: string; mode?: 'resume' | 'end' }): Promise<SimulatorTurn> {
  const session = sessionOf(app, input.clientId, input.sessionId);
  if (session.status !== 'handed_off') throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'the simulated chat was not handed to a human' });
  const mode = input.mode ?? session.state.flow.document.settings.afterHandback;
  if (mode === 'end') {
    session.status = 'completed';
    return view(session, [], [], ['the agent ended the flow'], null);
  }
  return turn(app, session, { kind: 'handback' });
}

async function turn(app: AppContext, session: Session, first: StepEvent): Promise<SimulatorTurn> {
  const ports = portsFor(app, session);
  const messages: OutboundContent[] = [];
  const visited: string[] = [];
  const notes: string[] = [];
  let event = first;
  for (let delays = 0; ; delays++) {
    const result = await runFlowStep(session.state, event, ports);
    session.state = result.state;
    session.status = result.outcome.status;
    session.lastUsed = Date.now();
    messages.push(...result.outbound);
    visited.push(...result.path);
    notes.push(...result.notes, ...result.leftFlows.map((left) => `jumped from flow "${left.flow.name}" to "${result.state.flow.name}"`));
    if (result.outcome.status === 'waiting_delay' && delays < DELAYS_PER_TURN) {
      const seconds = Math.round((result.outcome.resumeAt.getTime() - ports.now().getTime()) / 1000);
      notes.push(`waited ${seconds} s at ${result.state.blockId} (skipped in the simulator)`);
      event = { kind: 'delay_done' };
      continue;
    }
    return view(session, messages, visited, notes, result.outcome.status === 'failed' ? result.outcome.reason : null);
  }
}

function view(session: Session, messages: OutboundContent[], visited: string[], notes: string[], failure: string | null): SimulatorTurn {
  return {
    sessionId: session.id,
    messages,
    visited,
    notes,
    failure,
    status: session.status === 'new' ? 'waiting_input' : session.status,
    currentBlockId: session.state.blockId,
    flowId: session.state.flow.flowId,
    variables: { ...session.state.variables },
  };
}

function portsFor(app: AppContext, session: Session): FlowPorts {
  const ai = flowAi(app);
  return {
    now: () => new Date(),
    http: (request) => performHttpRequest(request, { allowPrivateNetwork: app.config.allowPrivateNetwork }),
    ai: (request) => ai({ ...request, clientId: session.clientId, conversationId: null }),
    secret: (secretRef) => readFlowSecret(app, session.clientId, secretRef),
    loadFlow: async (flowId) => {
      try {
        return await loadSimulatedFlow(app, session.clientId, flowId, session.source);
      } catch {
        return null;
      }
    },
  };
}

async function loadSimulatedFlow(app: AppContext, clientId: string, flowId: string, source: SimulatorSource): Promise<EngineFlow> {
  return app.db.tenant(clientId, async (tx) => {
    const row = await loadFlowRow(app.db, tx, clientId, flowId);
    if (source === 'draft') return { flowId: row.id, versionId: null, name: row.name, document: draftDocumentOf(row) };
    const published = await loadPublishedFlow(app, tx, clientId, flowId);
    if (!published) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `the flow "${row.name}" has never been published` });
    return published;
  });
}

function initialState(flow: EngineFlow, contactName: string): EngineState {
  return {
    flow,
    blockId: null,
    retryCount: 0,
    visited: [],
    variables: { contact_name: contactName, contact_phone: '5500000000000', flow_name: flow.name, last_answer: '' },
  };
}

function sessionOf(app: AppContext, clientId: string, sessionId: string): Session {
  const session = sessions(app).get(sessionId);
  // Another client's session is "not found" too.
  if (!session || session.clientId !== clientId || Date.now() - session.lastUsed > SESSION_IDLE_MS) {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'this simulation has ended or expired; start a new one' });
  }
  return session;
}

function prune(app: AppContext): void {
  const map = sessions(app);
  const now = Date.now();
  for (const [id, session] of map) if (now - session.lastUsed > SESSION_IDLE_MS) map.delete(id);
  while (map.size >= SESSIONS_MAX) map.delete(map.keys().next().value!);
}
