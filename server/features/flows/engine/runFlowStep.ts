// One step of a flow: runs blocks from where the execution stands until one waits for the
// customer (question, delay), hands the chat to a human, or the flow ends. Pure apart from the
// ports (HTTP, AI, loading another flow), so the executor and the simulator share it; the caller
// persists the resulting state and sends the messages.
import type { JsonValue } from '#server/db/json-types.js';
import { questionOptions, type BlockOf, type FlowBlock } from '#shared/flows/blocks.js';
import { evaluateCondition } from '#shared/flows/evaluateCondition.js';
import { evaluateExpression, ExpressionError } from '#shared/flows/evaluateExpression.js';
import { matchAnswer } from '#shared/flows/matchAnswer.js';
import { renderMessageBlock, renderQuestionBlock } from '#shared/flows/renderBlockContent.js';
import { readVariable, renderTemplate } from '#shared/flows/template.js';
import { validateTextAnswer } from '#shared/flows/validateTextAnswer.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { UnsafeValueError } from '#shared/flows/httpTemplates.js';
import type { EngineFlow, FlowPorts, HttpBlockRequest } from './flowPorts.js';
import { renderHttpRequest } from './renderHttpRequest.js';

/** Blocks one customer message may run before the execution is stopped as a runaway loop. */
export const MAX_BLOCKS_PER_STEP = 100;
/** Jumps between flows in one step (a flow jumping back and forth is also a loop). */
const MAX_FLOW_SWITCHES = 10;

export const DEFAULT_RETRY_MESSAGES: Record<string, string> = {
  choice: 'Não entendi. Por favor, escolha uma das opções.',
  text: 'Não entendi. Pode responder de novo?',
  number: 'Por favor, responda com um número.',
  email: 'Por favor, informe um e-mail válido.',
  phone: 'Por favor, informe um telefone válido, com DDD.',
  date: 'Por favor, informe uma data no formato dd/mm/aaaa.',
  pattern: 'Não entendi. Pode responder de novo?',
};
export const LOOP_HANDOFF_MESSAGE = 'Vou transferir você para um atendente.';

export type Variables = Record<string, JsonValue>;

export type EngineState = {
  flow: EngineFlow;
  blockId: string | null;
  variables: Variables;
  retryCount: number;
  /** Blocks this execution has reached, each once (for analytics). */
  visited: string[];
};

/**
 * `reask`: the execution goes back into the block it waited at when a person took the chat (a
 * question is asked again and waits; a delay waits again from now): how a paused flow resumes.
 */
export type StepEvent =
  { kind: 'start' } | { kind: 'answer'; text: string | null; choiceId: string | null } | { kind: 'delay_done' } | { kind: 'handback' } | { kind: 'reask' };

export type StepOutcome =
  | { status: 'waiting_input' }
  | { status: 'waiting_delay'; resumeAt: Date }
  | { status: 'completed'; then: 'bot' | 'close' }
  | { status: 'handed_off'; teamId?: string }
  | { status: 'failed'; reason: string; handoff: boolean };

/** A flow left by a jump to another one: the executor closes its execution as completed. */
export type LeftFlow = { flow: EngineFlow; blockId: string | null; visited: string[] };

export type StepResult = {
  state: EngineState;
  outcome: StepOutcome;
  outbound: OutboundContent[];
  /** Blocks run in this step, in order (the simulator shows them). */
  path: string[];
  leftFlows: LeftFlow[];
  /** Things that went wrong without stopping the flow (a failed expression, an HTTP error). */
  notes: string[];
};

export async function runFlowStep(start: EngineState, event: StepEvent, ports: FlowPorts): Promise<StepResult> {
  const state: EngineState = { ...start, variables: { ...start.variables }, visited: [...start.visited] };
  const outbound: OutboundContent[] = [];
  const path: string[] = [];
  const leftFlows: LeftFlow[] = [];
  const notes: string[] = [];
  const finish = (outcome: StepOutcome): StepResult => ({ state, outcome, outbound, path, leftFlows, notes });

  let blocks = indexBlocks(state.flow);
  const current = state.blockId ? blocks.get(state.blockId) : undefined;
  let cursor: string | null;

  switch (event.kind) {
    case 'start':
      cursor = state.flow.document.startBlockId;
      if (!cursor) return finish({ status: 'failed', reason: 'the flow has no start block', handoff: false });
      break;
    case 'answer': {
      if (current?.type !== 'question')
        return finish({ status: 'failed', reason: `the execution is not waiting at a question (${state.blockId})`, handoff: false });
      const answer = interpretAnswer(current, event);
      state.variables.last_answer = event.text ?? '';
      if (answer.ok) {
        if (current.data.variable) state.variables[current.data.variable] = answer.value;
        state.retryCount = 0;
        cursor = targetOf(state.flow, current.id, answer.handle);
        break;
      }
      state.retryCount += 1;
      if (state.retryCount > current.data.maxRetries) {
        state.retryCount = 0;
        cursor = targetOf(state.flow, current.id, 'gave_up');
        notes.push(`gave up at ${current.id} after ${current.data.maxRetries} retries`);
        break;
      }
      const retry =
        current.data.retryMessage ??
        state.flow.document.settings.invalidAnswerMessage ??
        DEFAULT_RETRY_MESSAGES[current.data.input.kind === 'text' ? current.data.input.validation : 'choice']!;
      outbound.push({ kind: 'text', text: renderTemplate(retry, state.variables) });
      outbound.push(renderQuestionBlock(current, state.variables));
      return finish({ status: 'waiting_input' });
    }
    case 'delay_done':
    case 'handback':
      if (!current) return finish({ status: 'failed', reason: `the block the execution waited at is gone (${state.blockId})`, handoff: false });
      cursor = targetOf(state.flow, current.id, 'next');
      break;
    case 'reask':
      if (!current) return finish({ status: 'failed', reason: `the block the execution waited at is gone (${state.blockId})`, handoff: false });
      cursor = current.id;
      break;
  }

  let ran = 0;
  let switches = 0;
  while (cursor !== null) {
    if (++ran > MAX_BLOCKS_PER_STEP) {
      outbound.push({ kind: 'text', text: LOOP_HANDOFF_MESSAGE });
      return finish({ status: 'failed', reason: `stopped after ${MAX_BLOCKS_PER_STEP} blocks without waiting for the customer (a loop?)`, handoff: true });
    }
    const block: FlowBlock | undefined = blocks.get(cursor);
    if (!block) return finish({ status: 'failed', reason: `an edge leads to a block that does not exist (${cursor})`, handoff: false });
    state.blockId = block.id;
    path.push(block.id);
    if (!state.visited.includes(block.id)) state.visited.push(block.id);

    switch (block.type) {
      case 'message': {
        const content = renderMessageBlock(block, state.variables);
        if (content) outbound.push(content);
        cursor = targetOf(state.flow, block.id, 'next');
        break;
      }
      case 'question':
        state.retryCount = 0;
        outbound.push(renderQuestionBlock(block, state.variables));
        return finish({ status: 'waiting_input' });
      case 'condition':
        cursor = targetOf(state.flow, block.id, evaluateCondition(block, state.variables));
        break;
      case 'set_variable':
        for (const assignment of block.data.assignments) {
          if (assignment.kind === 'text') {
            state.variables[assignment.variable] = renderTemplate(assignment.text, state.variables);
            continue;
          }
          try {
            state.variables[assignment.variable] = evaluateExpression(assignment.expression, state.variables, ports.now());
          } catch (error) {
            if (!(error instanceof ExpressionError)) throw error;
            // The flow goes on with the variable empty: stopping would strand the customer.
            state.variables[assignment.variable] = null;
            notes.push(`${block.id}: ${assignment.variable} = ${assignment.expression}: ${error.message}`);
          }
        }
        cursor = targetOf(state.flow, block.id, 'next');
        break;
      case 'ai_reply': {
        const result = await ports.ai({
          prompt: renderTemplate(block.data.prompt, state.variables),
          useKnowledgeBase: block.data.useKnowledgeBase,
          conversationId: typeof state.variables.conversation_id === 'string' ? state.variables.conversation_id : null,
        });
        if (!result.ok) {
          notes.push(`${block.id}: AI failed: ${result.error}`);
          cursor = targetOf(state.flow, block.id, 'failure');
          break;
        }
        if (block.data.saveAs) state.variables[block.data.saveAs] = result.text;
        if (block.data.sendAnswer && result.text.trim() !== '') outbound.push({ kind: 'text', text: result.text.slice(0, 4096) });
        cursor = targetOf(state.flow, block.id, 'next');
        break;
      }
      case 'http_request':
        cursor = targetOf(state.flow, block.id, await runHttpBlock(block, state, ports, notes));
        break;
      case 'handoff':
        if (block.data.message) outbound.push({ kind: 'text', text: renderTemplate(block.data.message, state.variables) });
        return finish({ status: 'handed_off', ...(block.data.teamId ? { teamId: block.data.teamId } : {}) });
      case 'delay':
        return finish({ status: 'waiting_delay', resumeAt: new Date(ports.now().getTime() + block.data.seconds * 1000) });
      case 'jump': {
        const target = block.data.target;
        if (target.kind === 'block') {
          cursor = target.blockId;
          break;
        }
        if (++switches > MAX_FLOW_SWITCHES) {
          outbound.push({ kind: 'text', text: LOOP_HANDOFF_MESSAGE });
          return finish({ status: 'failed', reason: 'flows keep jumping to each other', handoff: true });
        }
        const next = await ports.loadFlow(target.flowId);
        if (!next) return finish({ status: 'failed', reason: `the jump goes to a flow that is missing or not published (${target.flowId})`, handoff: false });
        leftFlows.push({ flow: state.flow, blockId: block.id, visited: state.visited });
        state.flow = next;
        state.visited = [];
        state.variables.flow_name = next.name;
        blocks = indexBlocks(next);
        cursor = next.document.startBlockId;
        if (!cursor) return finish({ status: 'failed', reason: `the flow "${next.name}" has no start block`, handoff: false });
        break;
      }
      case 'end':
        if (block.data.message) outbound.push({ kind: 'text', text: renderTemplate(block.data.message, state.variables) });
        return finish({ status: 'completed', then: block.data.then });
    }
  }
  // A handle with no edge: the flow simply ends there.
  return finish({ status: 'completed', then: 'bot' });
}

type AnswerResult = { ok: true; value: JsonValue; handle: string } | { ok: false };

function interpretAnswer(block: BlockOf<'question'>, answer: { text: string | null; choiceId: string | null }): AnswerResult {
  const input = block.data.input;
  if (input.kind === 'text') {
    const checked = validateTextAnswer(answer.text ?? '', input.validation, input.pattern);
    return checked.ok ? { ok: true, value: checked.value, handle: 'next' } : { ok: false };
  }
  const option = matchAnswer(questionOptions(block), answer);
  return option ? { ok: true, value: option.value ?? option.title, handle: `option:${option.id}` } : { ok: false };
}

async function runHttpBlock(block: BlockOf<'http_request'>, state: EngineState, ports: FlowPorts, notes: string[]): Promise<string> {
  const data = block.data;
  const headers: typeof data.headers = [];
  for (const header of data.headers) {
    // A credential is in the vault (flowSecrets.ts): the document holds only its reference.
    const value = header.secretRef ? await ports.secret?.(header.secretRef) : header.value;
    if (value === null || value === undefined) {
      notes.push(`${block.id}: the stored value of header ${header.name} is missing: set it again in the block`);
      return 'failure';
    }
    headers.push({ ...header, value });
  }
  let request: HttpBlockRequest;
  try {
    request = renderHttpRequest({ ...data, headers }, state.variables);
  } catch (error) {
    if (!(error instanceof UnsafeValueError)) throw error;
    notes.push(`${block.id}: HTTP request not sent: ${error.message}`);
    return 'failure';
  }
  const result = await ports.http(request);
  if (data.statusVariable) state.variables[data.statusVariable] = result.status;
  if (!result.ok) {
    notes.push(`${block.id}: HTTP request failed: ${result.error}`);
    return 'failure';
  }
  for (const mapping of data.responseMapping) {
    const value = mapping.path.trim() === '' ? result.body : readVariable({ body: result.body }, `body.${mapping.path.trim()}`);
    state.variables[mapping.variable] = (value === undefined ? null : value) as JsonValue;
  }
  return 'next';
}

const blockIndexes = new WeakMap<EngineFlow['document'], Map<string, FlowBlock>>();
const edgeIndexes = new WeakMap<EngineFlow['document'], Map<string, string>>();

/** Indexes are cached per document object: published versions are immutable and reused across steps. */
function indexBlocks(flow: EngineFlow): Map<string, FlowBlock> {
  let index = blockIndexes.get(flow.document);
  if (!index) {
    index = new Map(flow.document.blocks.map((block) => [block.id, block]));
    blockIndexes.set(flow.document, index);
  }
  return index;
}

function targetOf(flow: EngineFlow, blockId: string, handle: string): string | null {
  let index = edgeIndexes.get(flow.document);
  if (!index) {
    index = new Map();
    for (const edge of flow.document.edges) {
      const key = `${edge.source}\u0000${edge.sourceHandle}`;
      if (!index.has(key)) index.set(key, edge.target);
    }
    edgeIndexes.set(flow.document, index);
  }
  return index.get(`${blockId}\u0000${handle}`) ?? null;
}
