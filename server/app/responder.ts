import type { AppContext } from './appContext.js';
import type { Tables, Tx } from '../db/tables.js';

/**
 * What answers a customer's message once it is stored: the flow executor and the AI reply plug in
 * here (server/app/composeMessagePath.ts lists them in order). The inbox processor calls them for
 * conversations in `bot` or `fluxo_inicial` state, one message at a time per conversation; the
 * first that returns true has handled the message. In `humano` / `transferido` none is called.
 */
export type InboundMessage = {
  app: AppContext;
  clientId: string;
  conversation: Tables['conversations']['$inferSelect'];
  message: Tables['messages']['$inferSelect'];
  /** What the customer said as text: the text, a button/list reply's title, or an audio's transcription. */
  text: string | null;
  /** The id of the button or list row the customer chose, when they chose one. */
  choiceId: string | null;
};

export type Responder = {
  name: string;
  /**
   * A read-only look at whether this responder could take the message at all (a survey awaiting a
   * rating, a campaign awaiting a reply, hours closed with an away flow). The looks of every
   * responder that has one share one transaction, taken before any responder runs; a false look
   * skips `respond`. Without it each check opened its own transaction for every message. `respond`
   * checks again in its own transaction before it writes: the look only spares it the common "no".
   */
  wants?(inbound: InboundMessage, tx: Tx): Promise<boolean>;
  respond(inbound: InboundMessage): Promise<boolean>;
};

/**
 * Thrown by a responder whose answer must wait (a flow in the middle of a delay): the message stays
 * at the head of its customer's queue, unanswered, and is offered to the responders again at `at`
 * (the customer's later messages wait behind it, in order). Not a failure: no retry budget is spent.
 */
export class AnswerLater extends Error {
  override name = 'AnswerLater';
  constructor(
    readonly at: Date,
    readonly reason: string,
  ) {
    super(reason);
  }
}
