// The message path, composed in one place: what answers a customer's message, in the order asked
// (a satisfaction rating being answered, a campaign's reply flow, the flow chosen for outside business hours, a running or triggered flow, then the AI reply), what records it while people handle the chat, how audio is transcribed and how the
// sandbox number sends. The WhatsApp channel receives these; it imports none of them.
import { botReplyResponder } from '../features/botReply/index.js';
import { campaignReplyResponder } from '../features/campaigns/index.js';
import { rememberCustomerTurn } from '../features/conversations/index.js';
import { businessHoursFlowResponder, flowsResponder } from '../features/flows/index.js';
import { sandboxGraphClient } from '../features/sandbox/index.js';
import { transcribeInboundAudio } from '../features/voice/index.js';
import { csatResponder } from '../features/teams/index.js';
import { registerChannelPlugins } from '../features/whatsapp/index.js';
import type { AppContext } from './appContext.js';
import type { Responder } from './responder.js';

/** One list for the process: tests narrow it (and restore it) to isolate a responder. */
export const RESPONDERS: Responder[] = [csatResponder, campaignReplyResponder, businessHoursFlowResponder, flowsResponder, botReplyResponder];

export function composeMessagePath(app: AppContext): void {
  registerChannelPlugins(app, {
    responders: RESPONDERS,
    withPeople: rememberCustomerTurn,
    transcribeAudio: (app, message) => transcribeInboundAudio(app, message),
    sandboxGraphClient,
  });
}
