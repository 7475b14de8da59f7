// The AI reply, for conversations in `bot` state that no flow took: the client's prompts and
// bot configuration, the recent history (n8n chat memory), passages from the knowledge base hook,
// the model the client chose (primary_model_provider), through the gateway (budget, fallbacks,
// logs), an optional formatter pass, and the answer sent through the outbox. When every model
// fails or the budget is paused the customer gets a polite message and the conversation goes to
// `transferido` for a person; the customer's message stays in the history either way. With no
// provider connected at all, the client's own fallback message (when it set one) goes out the same
// way, marked so the inbox says why. A message with one of the client's hand-off keywords
// ("atendente") goes to a person at once with the hand-off message, without calling a model; the
// client's greeting goes out before the first answer of a conversation (no chat memory yet).
// Database trouble (isDatabaseError) is none of these: it is thrown, so the inbox event is retried,
// and an answer the model already gave is remembered for that retry (answerMemo.ts).
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { NO_AI_PROVIDER_NOTICE } from '#shared/domain/aiProviders.js';
import { matchKeyword } from '#shared/flows/matchTrigger.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { ChatCompletionMessageParam } from 'openai/resources';
import type { AppContext } from '#server/app/appContext.js';
import type { InboundMessage, Responder } from '#server/app/responder.js';
import { isDatabaseError } from '#server/db/errors.js';
import { changeConversationStatus } from '../conversations/index.js';
import { GatewayError } from '../gateway/index.js';
import { routeHandoff, teamForKeyword } from '../teams/index.js';
import { getGateway } from '../gateway/index.js';
import type { Tx } from '#server/db/tables.js';
import { announceOutbound, insertOutbound, markAnswered, type QueuedOutbound } from '../whatsapp/index.js';
import { sendVoiceReply } from '../voice/index.js';
import { answerMemo } from './answerMemo.js';
import { appendChatMemory, loadChatMemory } from './chatMemory.js';
import { loadBotSettings, type BotSettings } from './botSettings.js';
import { retrievePassages, type RetrievedPassage } from './retrievalHook.js';
import { stepLogger } from './stepLogger.js';

const RETRIEVAL_TIMEOUT_MS = 5_000;

const NO_PROVIDER_NOTICE: JsonObject = {
  code: NO_AI_PROVIDER_NOTICE,
  message: 'No AI provider is connected: the customer got the fallback message. Connect one in Settings → AI.',
};

export const botReplyResponder: Responder = {
  name: 'ai-reply',
  async respond(inbound) {
    if (inbound.conversation.status !== 'bot') return false;
    const text = inbound.text?.trim();
    if (!text) return false; // a sticker or a location with no words: nothing to answer
    return replyWithAi(inbound.app, inbound, text);
  },
};

/** False when the AI reply cannot answer and no fallback message is set (no provider key anywhere): the message waits for a person. */
async function replyWithAi(app: AppContext, inbound: InboundMessage, text: string): Promise<boolean> {
  const { clientId, conversation } = inbound;
  const executionId = randomUUID();
  const log = stepLogger(app, { clientId, executionId, conversationId: conversation.id, phone: conversation.phone });
  await log('received', 'success', { input: { messageId: inbound.message.id, text } });

  const prepared = await app.db.tenant(clientId, async (tx) => {
    const settings = await loadBotSettings(app, tx, clientId);
    const history = settings ? await loadChatMemory(app, tx, clientId, conversation.phone, settings.historyLimit) : [];
    // A team's keyword hands the chat to that team (before the general handoff words).
    const team = settings ? await teamForKeyword(app, tx, clientId, text) : null;
    return settings ? { settings, history, team } : null;
  });
  if (!prepared) return false;
  const { settings, history, team } = prepared;

  if (team) {
    await log('handoff_keyword', 'success', { output: { team: team.name } });
    await handOff(app, inbound, text, settings.handoffMessage, 'team_keyword', log, undefined, team.id);
    return true;
  }

  if (matchKeyword(text, settings.handoffKeywords, 'contains')) {
    await log('handoff_keyword', 'success', { output: { keywords: settings.handoffKeywords } });
    await handOff(app, inbound, text, settings.handoffMessage, 'keyword', log);
    return true;
  }
  const greeting = history.length === 0 ? settings.greeting : null;

  // An answer obtained on an earlier try whose storing failed (database trouble): sent as it is.
  const memo = answerMemo(app);
  const remembered = memo.get(inbound.message.id);
  const gateway = getGateway(app);
  const call = { clientId, conversationId: conversation.id, phone: conversation.phone, caller: 'bot', cache: false };
  let answer: string;
  if (remembered) {
    answer = remembered.answer;
    await log('model_called', 'skipped', { output: { remembered: true } });
  } else {
    let passages: RetrievedPassage[] = [];
    try {
      passages = await withTimeout(
        retrievePassages(app, { clientId, conversationId: conversation.id, phone: conversation.phone, query: text }),
        RETRIEVAL_TIMEOUT_MS,
      );
      await log('retrieval', passages.length ? 'success' : 'skipped', {
        output: { passages: passages.length, used: passages.map((passage) => ({ source: passage.source ?? null, score: passage.score ?? null })) },
      });
    } catch (error) {
      await log('retrieval', 'error', { error });
      if (isDatabaseError(error)) throw error; // an answer without the knowledge base would be a worse one: retried instead
    }
    const messages = buildMessages(settings, history, passages, text);
    await log('prompt_built', 'success', {
      output: { messages: messages.length, history: history.length, passages: passages.length, facts: settings.facts.length },
    });

    let given: string | null;
    try {
      const result = await gateway.chat({
        ...call,
        model: settings.model ?? undefined,
        requestId: executionId,
        params: {
          messages,
          ...(settings.temperature !== null ? { temperature: settings.temperature } : {}),
          ...(settings.maxTokens !== null ? { max_tokens: settings.maxTokens } : {}),
        },
      });
      given = result.completion.choices[0]?.message.content?.trim() || null;
      await log('model_called', given ? 'success' : 'error', {
        output: {
          model: result.model,
          wasFallback: result.wasFallback,
          inputTokens: result.usage.inputTokens,
          outputTokens: result.usage.outputTokens,
          costBrl: result.costBrl,
        },
        ...(given ? {} : { error: 'the model answered with no text' }),
      });
    } catch (error) {
      if (error instanceof GatewayError && error.openaiCode === 'no_credentials') {
        // No provider connected. With a fallback message the client set (Settings → AI), the customer
        // gets it and a person takes over, the reply marked with why for the inbox; without one the
        // message waits for a person, as it always did (the inbox's banner says no provider is connected).
        await log('model_called', 'skipped', { error });
        if (!settings.failureMessageConfigured) return false;
        await handOff(app, inbound, text, settings.failureMessage, 'no_provider', log, NO_PROVIDER_NOTICE);
        return true;
      }
      await log('model_called', 'error', { error });
      // Database trouble is not a model failure: the inbox event is retried (no apology, no hand-off).
      if (isDatabaseError(error)) throw error;
      const paused = error instanceof GatewayError && (error.kind === 'budget_paused' || error.kind === 'budget_exceeded');
      await handOff(app, inbound, text, paused ? settings.pausedMessage : settings.failureMessage, paused ? 'budget' : 'model_failure', log);
      return true;
    }
    if (!given) {
      await handOff(app, inbound, text, settings.failureMessage, 'empty_answer', log);
      return true;
    }
    answer = given;
    memo.set(inbound.message.id, { answer, formatted: false });
  }

  if (settings.formatterPrompt && !remembered?.formatted) {
    try {
      const formatted = await gateway.chat({
        ...call,
        model: settings.model ?? undefined,
        params: {
          messages: [
            { role: 'system', content: settings.formatterPrompt },
            { role: 'user', content: answer },
          ],
        },
      });
      const content = formatted.completion.choices[0]?.message.content?.trim();
      if (content) answer = content;
      await log('formatted', content ? 'success' : 'skipped', { output: { model: formatted.model } });
    } catch (error) {
      await log('formatted', 'error', { error });
      if (isDatabaseError(error)) throw error; // retried; the model's answer is remembered
      // otherwise the unformatted answer is still a good answer
    }
    memo.set(inbound.message.id, { answer, formatted: true });
  }

  const turn = [
    { type: 'human' as const, content: text },
    { type: 'ai' as const, content: answer },
  ];
  const memory = (tx: Tx) => appendChatMemory(app, tx, { clientId, conversationId: conversation.id, sessionId: conversation.phone, messages: turn });
  try {
    // Voice where the client enabled it (null: the reply goes as text, queued in the transaction
    // that records the turn, so a retry never finds one without the other).
    if (greeting) {
      // Queued before the answer, under its own reply key: a re-run of this message never sends it twice.
      const greeted = await app.db.tenant(clientId, (tx) =>
        insertOutbound(app, tx, {
          clientId,
          conversationId: conversation.id,
          content: { kind: 'text', text: greeting },
          answering: { messageId: inbound.message.id, step: 'greeting' },
        }),
      );
      announceOutbound(app, greeted);
      await log('greeted', 'success', { output: { messageId: greeted.message.id } });
    }
    const voice = await sendVoiceReply(app, { clientId, conversationId: conversation.id, text: answer, answering: inbound.message.type });
    let sent: { messageId: string };
    if (voice) {
      memo.delete(inbound.message.id);
      // The voice note is queued: a history line lost to the database is better than a second voice note.
      await app.db
        .tenant(clientId, async (tx) => {
          await memory(tx);
          await markAnswered(app, tx, clientId, inbound.message.id);
        })
        .catch((error: unknown) => app.log.warn({ err: error, clientId }, 'could not record the voice reply in the chat memory'));
      sent = voice;
    } else {
      // The paid answer, the chat memory and "answered" commit with the queued reply: a re-run of
      // this message after a crash finds it answered and neither calls the model nor sends again.
      const queued = await app.db.tenant(clientId, async (tx) => {
        await memory(tx);
        return insertOutbound(app, tx, {
          clientId,
          conversationId: conversation.id,
          content: { kind: 'text', text: answer },
          answering: { messageId: inbound.message.id, step: 'ai' },
        });
      });
      memo.delete(inbound.message.id);
      announceOutbound(app, queued); // after the commit: live events, and the sender looks again
      sent = { messageId: queued.message.id };
    }
    await log('sent', 'success', { output: { messageId: sent.messageId, voice: voice !== null } });
  } catch (error) {
    await log('sent', 'error', { error });
    if (isDatabaseError(error)) throw error; // retried with the remembered answer: never silence
    memo.delete(inbound.message.id);
    await transfer(app, clientId, conversation.id, log);
  }
  return true;
}

function buildMessages(
  settings: BotSettings,
  history: Array<{ type: string; content: string }>,
  passages: RetrievedPassage[],
  text: string,
): ChatCompletionMessageParam[] {
  let system = settings.systemPrompt;
  if (settings.facts.length) system += `\n\nInformações do negócio:\n${settings.facts.map((fact) => `- ${fact.key}: ${fact.value}`).join('\n')}`;
  if (passages.length) {
    system += `\n\nTrechos da base de conhecimento (use-os se forem relevantes):\n${passages.map((passage, index) => `[${index + 1}] ${passage.content}`).join('\n')}`;
  }
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: system }];
  for (const turn of history) {
    if (turn.type === 'human') messages.push({ role: 'user', content: turn.content });
    else if (turn.type === 'ai') messages.push({ role: 'assistant', content: turn.content });
  }
  messages.push({ role: 'user', content: text });
  return messages;
}

/**
 * The polite message, then a person takes over; the customer's words stay in the history. The
 * message is queued in the transaction that hands the conversation over, so a customer is never
 * handed over in silence: when the database fails, neither happened and the event is retried.
 */
async function handOff(
  app: AppContext,
  inbound: InboundMessage,
  text: string,
  message: string,
  reason: string,
  log: ReturnType<typeof stepLogger>,
  notice?: JsonObject,
  /** The team a keyword asked for (absent: the number's default team). */
  teamId?: string,
): Promise<void> {
  const { clientId, conversation } = inbound;
  try {
    const queued = await app.db.tenant(clientId, async (tx) => {
      await appendChatMemory(app, tx, {
        clientId,
        conversationId: conversation.id,
        sessionId: conversation.phone,
        messages: [{ type: 'human', content: text }],
      });
      const reply = await insertOutbound(app, tx, {
        clientId,
        conversationId: conversation.id,
        content: { kind: 'text', text: message },
        answering: { messageId: inbound.message.id, step: 'ai' },
      });
      if (notice) reply.message = await attachNotice(app, tx, reply.message, notice);
      await changeConversationStatus(app, { clientId, conversationId: conversation.id, status: 'transferido', assignedTo: null, onlyFrom: ['bot'] });
      // Into the queue of the number's default team (assigned at once when the team assigns by itself).
      await routeHandoff(app, tx, { clientId, conversationId: conversation.id, teamId: teamId ?? null });
      return reply;
    });
    announceOutbound(app, queued);
    const sent = { messageId: queued.message.id };
    await log('sent', 'success', { output: { messageId: sent.messageId, handoff: reason } });
    await log('transferred', 'success');
  } catch (error) {
    await log('sent', 'error', { error });
    if (isDatabaseError(error)) throw error;
    // The message itself cannot be sent (say, the 24-hour window closed): a person takes over anyway.
    await app.db.tenant(clientId, (tx) =>
      appendChatMemory(app, tx, { clientId, conversationId: conversation.id, sessionId: conversation.phone, messages: [{ type: 'human', content: text }] }),
    );
    await transfer(app, clientId, conversation.id, log, teamId);
  }
}

/** Why the bot sent what it sent, for the agents (metadata.notice; the inbox shows it under the message). */
async function attachNotice(app: AppContext, tx: Tx, message: QueuedOutbound['message'], notice: JsonObject): Promise<QueuedOutbound['message']> {
  const { messages } = app.db.t;
  const [updated] = await tx
    .update(messages)
    .set({ metadata: { ...message.metadata, notice } })
    .where(and(eq(messages.id, message.id), eq(messages.clientId, message.clientId)))
    .returning();
  return updated ?? message;
}

async function transfer(app: AppContext, clientId: string, conversationId: string, log: ReturnType<typeof stepLogger>, teamId?: string): Promise<void> {
  try {
    await app.db.tenant(clientId, async (tx) => {
      await changeConversationStatus(app, { clientId, conversationId, status: 'transferido', assignedTo: null, onlyFrom: ['bot'] });
      await routeHandoff(app, tx, { clientId, conversationId, teamId: teamId ?? null });
    });
    await log('transferred', 'success');
  } catch (error) {
    await log('transferred', 'error', { error });
    if (isDatabaseError(error)) throw error;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the knowledge base did not answer within ${ms} ms`)), ms);
    }),
  ]);
}
