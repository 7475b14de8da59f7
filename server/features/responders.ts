// The responders, in the order they are asked (see server/app/responder.ts): a running or
// triggered flow first, then the AI reply.
import type { Responder } from '../app/responder.js';
import { botReplyResponder } from './botReply/botReplyResponder.js';
import { flowsResponder } from './flows/executor/flowsResponder.js';

export const RESPONDERS: Responder[] = [flowsResponder, botReplyResponder];
