// What happens to one stored webhook event, after Meta got its 200: a message is stored (customer,
// conversation, row, media) and then offered to the responders; a status moves a sent message
// forward; an account-level error is logged and shown live.
import type { AppContext } from '#server/app/appContext.js';
import { AnswerLater, type InboundMessage, type Responder } from '#server/app/responder.js';
import type { Tables } from '#server/db/tables.js';
import { publishConversation, publishMessage } from '../liveEvents.js';
import { storeInboundMedia } from '../media/storeInboundMedia.js';
import { channelPlugins } from '../channelPlugins.js';
import { applyInboundMessage, type AppliedInbound } from './applyInboundMessage.js';
import { applyStatus, type StatusOutcome } from './applyStatus.js';
import { handleConsentKeyword } from '../consent/handleConsentKeyword.js';
import { enqueuePush } from '#server/features/pushTokens/index.js';

type InboxRow = Tables['webhookInbox']['$inferSelect'];
/** `retryAt`: the message is to be answered later (a responder threw AnswerLater): kept pending until then. */
export type EventResult = { note: string | null; retryAt?: Date };

/** What the processor's batch already did for the event (applyInboundBatch, applyStatusBatch). */
export type PreApplied = { kind: 'message'; applied: AppliedInbound } | { kind: 'status'; outcome: StatusOutcome };

export async function processInboxEvent(app: AppContext, event: InboxRow, pre?: PreApplied): Promise<EventResult> {
  if (event.kind === 'status') {
    const outcome = pre?.kind === 'status' ? pre.outcome : await applyStatus(app, event.clientId, event.payload);
    if (outcome.kind === 'applied') publishMessage(app, outcome.message, false);
    // Deferred: kept in the inbox; the sender applies it when its send returns the wamid.
    return { note: outcome.kind === 'applied' ? null : outcome.kind };
  }
  if (event.kind === 'error') {
    app.log.warn({ clientId: event.clientId, error: event.payload.error }, 'WhatsApp reported an account-level error');
    app.events.publish(event.clientId, 'whatsapp.error', event.payload.error);
    return { note: null };
  }

  const applied = pre?.kind === 'message' ? pre.applied : await applyInboundMessage(app, event.clientId, event.payload);
  let message = applied.message;
  if (applied.created) {
    publishMessage(app, message, true);
    publishConversation(app, applied.conversation);
  }
  // A first run stores media; a re-run after a crash only retries what was not stored.
  if (applied.parsed.media && !message.mediaUrl && (applied.created || event.attempts > 1)) {
    message = await storeInboundMedia(app, message, applied.parsed.media);
    publishMessage(app, message, false);
  }
  // Audio is transcribed before anyone reads it (never throws; a failure is marked on the message).
  if (message.type === 'audio' && message.transcription === null && (applied.created || event.attempts > 1)) {
    message = await channelPlugins(app).transcribeAudio(app, message);
  }
  // A re-delivery of a message stored long ago (its inbox row pruned) is not answered again; a
  // re-run after a crash mid-answer is (at least once is better than a customer left unanswered).
  if (!applied.created && event.attempts <= 1) return { note: 'already stored' };
  await notifyAssignee(app, applied.conversation, message);
  // Answered before a crash (the answer committed with this mark): never answered twice, and
  // the paid model call is not made again.
  if (message.answeredAt) return { note: 'already answered' };
  // SAIR / VOLTAR (whole message) before any flow or AI, whoever handles the chat.
  const said = message.type === 'audio' ? null : applied.parsed.text;
  if (await handleConsentKeyword(app, applied.conversation, message, said, applied.created ? applied.optOutSettings : undefined))
    return { note: 'consent keyword' };
  try {
    await respond(app, event.clientId, applied.conversation, message, applied.parsed.text, applied.parsed.choiceId);
  } catch (error) {
    if (!(error instanceof AnswerLater)) throw error;
    return { note: error.reason, retryAt: error.at };
  }
  return { note: null };
}

async function respond(
  app: AppContext,
  clientId: string,
  conversation: Tables['conversations']['$inferSelect'],
  message: Tables['messages']['$inferSelect'],
  parsedText: string | null,
  choiceId: string | null,
) {
  // The conversation as this event's own transaction left it: events of one conversation never run
  // at once, so only an agent's hand-over can change it meanwhile, and that can as well happen while
  // a responder works (responders re-check before sending what they took long to produce).
  // While a person handles the chat (or one is awaited), the bot stays silent.
  const text = message.type === 'audio' ? message.transcription : parsedText;
  const inbound: InboundMessage = { app, clientId, conversation, message, text, choiceId };
  if (conversation.status !== 'bot' && conversation.status !== 'fluxo_inicial') return channelPlugins(app).withPeople(inbound);
  const { responders } = channelPlugins(app);
  const wanted = await lookAtResponders(app, clientId, responders, inbound);
  for (const responder of responders) {
    if (wanted.has(responder) && (await responder.respond(inbound))) return;
  }
}

/** The responders to call: those without a look, and those whose look (all in one transaction) says yes. */
async function lookAtResponders(app: AppContext, clientId: string, responders: readonly Responder[], inbound: InboundMessage): Promise<Set<Responder>> {
  const wanted = new Set(responders.filter((responder) => !responder.wants));
  if (wanted.size === responders.length) return wanted;
  await app.db.tenant(clientId, async (tx) => {
    for (const responder of responders) {
      if (responder.wants && (await responder.wants(inbound, tx))) wanted.add(responder);
    }
  });
  return wanted;
}

/** A customer's message in a chat a member holds: a push to that member (once per message: dedupe key). */
async function notifyAssignee(app: AppContext, conversation: Tables['conversations']['$inferSelect'], message: Tables['messages']['$inferSelect']) {
  if (!conversation.assignedTo) return;
  const assignedTo = conversation.assignedTo;
  await app.db.tenant(conversation.clientId, (tx) =>
    enqueuePush(app, tx, { clientId: conversation.clientId, event: 'message', conversationId: conversation.id, userId: assignedTo, messageId: message.id }),
  );
}
