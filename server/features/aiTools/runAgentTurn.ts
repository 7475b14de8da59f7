// One AI turn with tools, through the gateway's function calling: the model is called with the
// tools; each function it asks for runs (arguments parsed and checked, within the tool's timeout;
// a failing, slow or unknown tool is an error result the model reads, never a crashed turn) and
// its result goes back; until the model answers in text or the turn has used its steps (the last
// step offers no tools: tool_choice "none", so the answer is text). Every step is its own gateway
// call, logged in the usage logs with the turn's id, the step and the tools it asked for (its
// cost per step); `onStep` lets the caller log the tools' results too. A model without function
// calling (registry capabilities.tools = false) is sent no tools by the gateway and answers plainly.
// A tool may end the turn (hand-off, flow started): the caller then sends no answer of its own.
import type { ChatCompletionMessageParam } from 'openai/resources';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import { isDatabaseError } from '#server/db/errors.js';
import { getGateway, type ChatParams } from '../gateway/index.js';
import type { AgentTool, TurnEnd } from './agentTool.js';

export type StepRecord = {
  step: number;
  model: string;
  costBrl: string;
  inputTokens: number;
  outputTokens: number;
  tools: Array<{ name: string; ok: boolean; durationMs: number; error?: string }>;
};

export type AgentTurnInput = {
  clientId: string;
  conversationId: string;
  phone: string;
  caller: string;
  turnId: string;
  model?: string;
  messages: ChatCompletionMessageParam[];
  params?: Pick<ChatParams, 'temperature' | 'max_tokens'>;
  tools: AgentTool[];
  maxSteps: number;
  onStep?: (record: StepRecord) => Promise<void>;
};

export type AgentTurnResult = {
  /** The model's answer; null when a tool ended the turn or the model answered nothing. */
  text: string | null;
  ended: TurnEnd | null;
  steps: StepRecord[];
  model: string;
  wasFallback: boolean;
  costBrl: string;
  inputTokens: number;
  outputTokens: number;
};

export async function runAgentTurn(app: AppContext, input: AgentTurnInput): Promise<AgentTurnResult> {
  const gateway = getGateway(app);
  const messages = [...input.messages];
  const steps: StepRecord[] = [];
  const byName = new Map(input.tools.map((tool) => [tool.name, tool]));
  const totals = { cost: 0, input: 0, output: 0 };
  let model = '';
  let wasFallback = false;
  const result = (text: string | null, ended: TurnEnd | null): AgentTurnResult => ({
    text,
    ended,
    steps,
    model,
    wasFallback,
    costBrl: totals.cost.toFixed(6),
    inputTokens: totals.input,
    outputTokens: totals.output,
  });

  const maxSteps = Math.max(1, input.maxSteps);
  for (let step = 1; step <= maxSteps; step++) {
    const offered = input.tools.length > 0;
    const last = step === maxSteps;
    const answer = await gateway.chat({
      clientId: input.clientId,
      conversationId: input.conversationId,
      phone: input.phone,
      caller: input.caller,
      cache: false,
      requestId: `${input.turnId}:${step}`,
      metadata: { turn_id: input.turnId, step },
      model: input.model,
      params: {
        messages,
        ...input.params,
        ...(offered ? { tools: input.tools.map((tool) => tool.definition), tool_choice: last ? 'none' : 'auto' } : {}),
      },
    });
    model = answer.model;
    wasFallback ||= answer.wasFallback;
    totals.cost += Number(answer.costBrl);
    totals.input += answer.usage.inputTokens;
    totals.output += answer.usage.outputTokens;
    const message = answer.completion.choices[0]?.message;
    const record: StepRecord = {
      step,
      model: answer.model,
      costBrl: answer.costBrl,
      inputTokens: answer.usage.inputTokens,
      outputTokens: answer.usage.outputTokens,
      tools: [],
    };
    steps.push(record);
    const calls = (message?.tool_calls ?? []).filter((call) => call.type === 'function');
    if (!offered || calls.length === 0) {
      await input.onStep?.(record);
      return result(message?.content?.trim() || null, null);
    }
    messages.push({ role: 'assistant', content: message?.content ?? null, tool_calls: calls });
    let ended: TurnEnd | null = null;
    for (const call of calls) {
      const started = Date.now();
      const tool = byName.get(call.function.name);
      let outcome: { ok: boolean; content: string; ends?: TurnEnd };
      if (!tool) outcome = { ok: false, content: JSON.stringify({ error: `there is no tool "${call.function.name}"` }) };
      else if (ended) outcome = { ok: false, content: JSON.stringify({ error: 'the conversation already left the AI' }) };
      else outcome = await runTool(app, tool, call.function.arguments, { ...input, callId: call.id });
      record.tools.push({
        name: call.function.name,
        ok: outcome.ok,
        durationMs: Date.now() - started,
        ...(outcome.ok ? {} : { error: outcome.content.slice(0, 300) }),
      });
      if (outcome.ends) ended = outcome.ends;
      messages.push({ role: 'tool', tool_call_id: call.id, content: outcome.content });
    }
    await input.onStep?.(record);
    if (ended) return result(null, ended);
  }
  return result(null, null); // not reached: the last step offers no tools
}

async function runTool(
  app: AppContext,
  tool: AgentTool,
  rawArguments: string,
  input: AgentTurnInput & { callId: string },
): Promise<{ ok: boolean; content: string; ends?: TurnEnd }> {
  let args: Record<string, unknown>;
  try {
    const parsed: unknown = rawArguments.trim() ? JSON.parse(rawArguments) : {};
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    args = parsed as Record<string, unknown>;
  } catch {
    return { ok: false, content: JSON.stringify({ error: 'the arguments are not a JSON object' }) };
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      tool.run(args, {
        app,
        clientId: input.clientId,
        conversationId: input.conversationId,
        phone: input.phone,
        caller: input.caller,
        turnId: input.turnId,
        callId: input.callId,
        signal: controller.signal,
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ToolTimeout(tool.timeoutMs)), tool.timeoutMs);
      }),
    ]);
  } catch (error) {
    controller.abort();
    if (isDatabaseError(error)) throw error; // the turn is retried, not answered without the tool
    const message = error instanceof Error ? error.message : String(error);
    app.log.warn({ err: error, clientId: input.clientId, tool: tool.name }, 'an AI tool failed');
    return { ok: false, content: JSON.stringify({ error: message } satisfies JsonObject) };
  } finally {
    clearTimeout(timer);
  }
}

class ToolTimeout extends Error {
  override name = 'ToolTimeout';
  constructor(ms: number) {
    super(`the tool did not answer within ${ms} ms`);
  }
}
