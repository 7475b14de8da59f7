// What a tool the AI may call is: its definition for the model (function calling) and what running
// it does. A tool's result goes back to the model as text; a tool may also end the turn (the
// conversation went to a person or to a flow), in which case the AI sends nothing more.
import type { ChatCompletionFunctionTool } from 'openai/resources';
import type { AppContext } from '#server/app/appContext.js';

export type ToolCallContext = {
  app: AppContext;
  clientId: string;
  conversationId: string;
  phone: string;
  /** "bot" (the AI reply) or "flow" (the flow AI block). */
  caller: string;
  /** This turn's id (dedupe of what a tool schedules). */
  turnId: string;
  /** The model's id for this call (unique within the turn). */
  callId: string;
  signal: AbortSignal;
};

/** `teamId`: the team the model named (null: the number's default team). */
export type TurnEnd = { kind: 'handoff'; reason: string; teamId: string | null } | { kind: 'flow_started'; flowName: string };

export type ToolOutcome = { ok: boolean; content: string; ends?: TurnEnd };

export type AgentTool = {
  name: string;
  definition: ChatCompletionFunctionTool;
  /** Longest a call may take (a slow tool is an error result, the model carries on). */
  timeoutMs: number;
  run(args: Record<string, unknown>, context: ToolCallContext): Promise<ToolOutcome>;
};
