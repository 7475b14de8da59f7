// What a status change needs of the flows, as a port: people taking a conversation from a running
// flow pause or end its execution, and giving it back to the bot resumes or restarts it. The flows
// feature implements it (flows/executor/flowControl.ts) and server/app wires it in, so flows may
// import this feature and this feature never imports flows.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tx } from '#server/db/tables.js';

export type FlowControl = {
  /**
   * In the status change's transaction. `takeover`: people take the chat (the client's takeover
   * policy pauses or cancels the execution); `end`: the chat is resolved or its flow stopped by hand
   * (every open or paused execution ends).
   */
  leaveFlow(app: AppContext, tx: Tx, target: { clientId: string; conversationId: string }, why: 'takeover' | 'end'): Promise<void>;
  /** After a return to the bot committed: the execution a takeover paused resumes or restarts (the policy says). */
  returnToFlow(app: AppContext, target: { clientId: string; conversationId: string }): Promise<void>;
};

const registered = perApp((_app: AppContext) => ({ port: null as FlowControl | null }));

export function registerFlowControl(app: AppContext, port: FlowControl): void {
  registered(app).port = port;
}

export function flowControl(app: AppContext): FlowControl {
  const { port } = registered(app);
  // A programming error, not a runtime condition: server/app/wireFeatures.ts always wires it.
  if (!port) throw new Error('the flows were not wired to the conversations: server/app/wireFeatures.ts registers them');
  return port;
}
