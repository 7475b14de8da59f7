// What the flow engine needs from the outside world. The executor gives it the real HTTP client,
// the AI gateway and the database; the simulator gives it the same, minus WhatsApp.
import type { FlowDocument } from '#shared/flows/flowDocument.js';

export type EngineFlow = { flowId: string; versionId: string | null; name: string; document: FlowDocument };

export type HttpBlockRequest = {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
};
export type HttpBlockResult = { ok: true; status: number; body: unknown } | { ok: false; status: number | null; error: string };

export type AiBlockRequest = { prompt: string; useKnowledgeBase: boolean; conversationId: string | null };
export type AiBlockResult = { ok: true; text: string } | { ok: false; error: string };

export type FlowPorts = {
  now(): Date;
  http(request: HttpBlockRequest): Promise<HttpBlockResult>;
  ai(request: AiBlockRequest): Promise<AiBlockResult>;
  /** The version a jump to another flow runs (its published one; the simulator may use drafts). */
  loadFlow(flowId: string): Promise<EngineFlow | null>;
  /** A credential header's value from the vault (HTTP blocks), or null when it is gone. */
  secret?(secretRef: string): Promise<string | null>;
};
