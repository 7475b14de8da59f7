import type { AppContext } from './appContext.js';
import type { Tables } from '../db/tables.js';

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

export type Responder = { name: string; respond(inbound: InboundMessage): Promise<boolean> };

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
