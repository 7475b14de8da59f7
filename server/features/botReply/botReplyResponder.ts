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
// A turn may answer several customer messages at once (the burst debounce, botReplyTurns.ts): they
// are all marked answered, and their pending rows removed, in the transaction that queues the reply.
// The model may call tools (aiTools: the knowledge base, a hand-off, a flow, the contact, follow-ups,
// the client's HTTP tools), at most maxToolSteps model calls per turn. Guardrails: at most
// maxRepliesPerHour AI replies per conversation (past it a person takes over), and the conversation
// is checked again, row locked, in the transaction that queues the answer: after a person took it,
// nothing is sent.
import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, like } from 'drizzle-orm';
import { NO_AI_PROVIDER_NOTICE } from '#shared/domain/aiProviders.js';
import { matchKeyword } from '#shared/flows/matchTrigger.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { ChatCompletionMessageParam } from 'openai/resources';
import type { AppContext } from '#server/app/appContext.js';
import type { InboundMessage, Responder } from '#server/app/responder.js';
import { isDatabaseError } from '#server/db/errors.js';
import { changeConversationStatus } from '../conversations/index.js';
import { agentTools, runAgentTurn, type StepRecord } from '../aiTools/index.js';
import { GatewayError } from '../gateway/index.js';
import { routeHandoff, teamForKeyword } from '../teams/index.js';
import { getGateway } from '../gateway/index.js';
import type { Tx } from '#server/db/tables.js';
import { announceOutbound, insertOutbound, markAnswered, type QueuedOutbound } from '../whatsapp/index.js';
import { readVoiceSettings, sendVoiceReply, wantsVoiceReply } from '../voice/index.js';
import { answerMemo } from './answerMemo.js';
import { appendChatMemory, loadChatMemory } from './chatMemory.js';
import { loadBotSettings, type BotSettings } from './botSettings.js';
import { retrievePassages, type RetrievedPassage } from './retrievalHook.js';
import { stepLogger, type StepLogger } from './stepLogger.js';
import { deferToTurn } from './deferToTurn.js';

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
    const { app, clientId, conversation, message } = inbound;
    const settings = await app.db.tenant(clientId, (tx) => loadBotSettings(app, tx, clientId));
    if (!settings) return false;
    const turn: Turn = { app, clientId, conversation, messageIds: [message.id], answering: message.id, text, settings };
    // A hand-off word goes to a person at once, whatever the burst window.
    if (matchKeyword(text, settings.handoffKeywords, 'contains')) return replyWithAi(turn);
    const windowMs = settings.debounceSeconds === null ? app.config.aiDebounceMs : settings.debounceSeconds * 1000;
    if (windowMs > 0) {
      await deferToTurn(app, { clientId, conversationId: conversation.id, messageId: message.id, windowMs });
      return true;
    }
    return replyWithAi(turn);
  },
};

/** One AI turn: the customer's messages it answers (in order; the last is the one answered by key), their words joined. */
export type Turn = {
  app: AppContext;
  clientId: string;
  conversation: InboundMessage['conversation'];
  messageIds: string[];
  /** The message the reply answers (its reply key and memo): the turn's last. */
  answering: string;
  text: string;
  /** The client's bot settings when the caller just read them (else read with the turn's other lookups). */
  settings?: BotSettings;
};

/** False when the AI reply cannot answer and no fallback message is set (no provider key anywhere): the message waits for a person. */
export async function replyWithAi(turn: Turn): Promise<boolean> {
  const executionId = randomUUID();
  const log = stepLogger(turn.app, { clientId: turn.clientId, executionId, conversationId: turn.conversation.id, phone: turn.conversation.phone });
  try {
    return await answerTurn(turn, executionId, log);
  } finally {
    await log.flush();
  }
}

async function answerTurn(turn: Turn, executionId: string, log: StepLogger): Promise<boolean> {
  const { app, clientId, conversation, text } = turn;
  await log('received', 'success', { input: { messageId: turn.answering, messages: turn.messageIds.length, text } });

  // Everything the turn reads before the model is asked, in one transaction (the tools' own
  // lookups join it): settings, history, the reply cap, a team keyword, the tools, how the answer goes out.
  const prepared = await app.db.tenant(clientId, async (tx) => {
    const settings = turn.settings ?? (await loadBotSettings(app, tx, clientId));
    if (!settings) return null;
    return {
      settings,
      history: await loadChatMemory(app, tx, clientId, conversation.phone, settings.historyLimit),
      repliesLastHour: await countAiReplies(app, tx, clientId, conversation.id, new Date(Date.now() - HOUR_MS)),
      // A team's keyword hands the chat to that team (before the general handoff words).
      team: await teamForKeyword(app, tx, clientId, text),
      tools: await agentTools(app, clientId, settings.tools, { forFlow: false }),
      voice: await readVoiceSettings(app.db, clientId, tx),
      answeredType: await messageType(app, tx, clientId, turn.answering),
    };
  });
  if (!prepared) return false;
  const { settings, history, team, tools } = prepared;

  if (team) {
    await log('handoff_keyword', 'success', { output: { team: team.name } });
    await handOff(turn, settings.handoffMessage, 'team_keyword', log, undefined, team.id);
    return true;
  }

  if (matchKeyword(text, settings.handoffKeywords, 'contains')) {
    await log('handoff_keyword', 'success', { output: { keywords: settings.handoffKeywords } });
    await handOff(turn, settings.handoffMessage, 'keyword', log);
    return true;
  }
  if (prepared.repliesLastHour >= settings.maxRepliesPerHour) {
    // A conversation the AI answers this often is a loop or a customer it cannot help: a person takes it, silently.
    await log('reply_cap', 'success', { output: { repliesLastHour: prepared.repliesLastHour, cap: settings.maxRepliesPerHour } });
    await keepTurnUnanswered(turn);
    await transfer(app, clientId, conversation.id, log);
    return true;
  }
  const greeting = history.length === 0 ? settings.greeting : null;

  // An answer obtained on an earlier try whose storing failed (database trouble): sent as it is.
  const memo = answerMemo(app);
  const remembered = memo.get(turn.answering);
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
      const result = await runAgentTurn(app, {
        clientId,
        conversationId: conversation.id,
        phone: conversation.phone,
        caller: 'bot',
        turnId: executionId,
        model: settings.model ?? undefined,
        messages,
        params: {
          ...(settings.temperature !== null ? { temperature: settings.temperature } : {}),
          ...(settings.maxTokens !== null ? { max_tokens: settings.maxTokens } : {}),
        },
        tools,
        maxSteps: settings.maxToolSteps,
        onStep: async (step) => {
          if (step.tools.length) await log('tool_step', step.tools.every((tool) => tool.ok) ? 'success' : 'error', { output: stepOutput(step) });
        },
      });
      if (result.ended) {
        await log('model_called', 'success', {
          output: { model: result.model, steps: result.steps.length, costBrl: result.costBrl, ended: result.ended.kind },
        });
        if (result.ended.kind === 'handoff') {
          await handOff(
            turn,
            settings.handoffMessage,
            'tool',
            log,
            { code: 'ai_handoff', message: result.ended.reason || 'The AI handed the conversation over.' },
            result.ended.teamId ?? undefined,
          );
        } else {
          await keepTurnUnanswered(turn);
          await log('flow_started', 'success', { output: { flow: result.ended.flowName } });
        }
        return true;
      }
      given = result.text;
      await log('model_called', given ? 'success' : 'error', {
        output: {
          model: result.model,
          wasFallback: result.wasFallback,
          inputTokens: result.inputTokens,
          outputTokens: result.outputTokens,
          costBrl: result.costBrl,
          steps: result.steps.length,
        },
        ...(given ? {} : { error: 'the model answered with no text' }),
      });
    } catch (error) {
      if (error instanceof GatewayError && error.openaiCode === 'no_credentials') {
        // No provider connected. With a fallback message the client set (Settings → AI), the customer
        // gets it and a person takes over, the reply marked with why for the inbox; without one the
        // message waits for a person, as it always did (the inbox's banner says no provider is connected).
        await log('model_called', 'skipped', { error });
        if (!settings.failureMessageConfigured) {
          await app.db.tenant(clientId, (tx) => dropPending(app, tx, turn));
          return false;
        }
        await handOff(turn, settings.failureMessage, 'no_provider', log, NO_PROVIDER_NOTICE);
        return true;
      }
      await log('model_called', 'error', { error });
      // Database trouble is not a model failure: the inbox event is retried (no apology, no hand-off).
      if (isDatabaseError(error)) throw error;
      const paused = error instanceof GatewayError && (error.kind === 'budget_paused' || error.kind === 'budget_exceeded');
      await handOff(turn, paused ? settings.pausedMessage : settings.failureMessage, paused ? 'budget' : 'model_failure', log);
      return true;
    }
    if (!given) {
      await handOff(turn, settings.failureMessage, 'empty_answer', log);
      return true;
    }
    answer = given;
    memo.set(turn.answering, { answer, formatted: false });
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
    memo.set(turn.answering, { answer, formatted: true });
  }

  const exchange = [
    { type: 'human' as const, content: text },
    { type: 'ai' as const, content: answer },
  ];
  const memory = (tx: Tx) => appendChatMemory(app, tx, { clientId, conversationId: conversation.id, sessionId: conversation.phone, messages: exchange });
  try {
    // A voice note where the client enabled it; otherwise (or when speech fails) text, queued in the
    // transaction that records the turn, with the greeting when there is one, so a retry never
    // finds one without the other.
    const voiceWanted = wantsVoiceReply(prepared.voice, answer, prepared.answeredType);
    const greet = (tx: Tx) =>
      greeting
        ? insertOutbound(app, tx, {
            clientId,
            conversationId: conversation.id,
            content: { kind: 'text', text: greeting },
            // Its own reply key: a re-run of this message never sends it twice.
            answering: { messageId: turn.answering, step: 'greeting', beforeAnswer: true },
          })
        : null;
    let voice: Awaited<ReturnType<typeof sendVoiceReply>> = null;
    if (voiceWanted) {
      // The last look before paying for speech (a person who took the chat while the model worked keeps it).
      const greeted = await app.db.tenant(clientId, async (tx) => {
        if (await holdIfWithBot(app, tx, clientId, conversation.id)) return { queued: await greet(tx) };
        await dropPending(app, tx, turn);
        return null;
      });
      if (!greeted) {
        memo.delete(turn.answering);
        await log('sent', 'skipped', { output: { reason: 'a person took the conversation' } });
        return true;
      }
      if (greeted.queued) {
        announceOutbound(app, greeted.queued);
        await log('greeted', 'success', { output: { messageId: greeted.queued.message.id } });
      }
      voice = await sendVoiceReply(app, {
        clientId,
        conversationId: conversation.id,
        text: answer,
        answering: prepared.answeredType,
        settings: prepared.voice,
      });
    }
    let sent: { messageId: string };
    if (voice) {
      memo.delete(turn.answering);
      // The voice note is queued: a history line lost to the database is better than a second voice note.
      await app.db
        .tenant(clientId, async (tx) => {
          await memory(tx);
          await settleTurn(app, tx, turn);
        })
        .catch((error: unknown) => app.log.warn({ err: error, clientId }, 'could not record the voice reply in the chat memory'));
      sent = voice;
    } else {
      // The paid answer, the chat memory and "answered" commit with the queued reply: a re-run of
      // this message after a crash finds it answered and neither calls the model nor sends again.
      const queued = await app.db.tenant(clientId, async (tx) => {
        // Checked again, the row held until this commits: a takeover racing this reply waits, then wins from here on.
        if (!(await holdIfWithBot(app, tx, clientId, conversation.id))) {
          await dropPending(app, tx, turn);
          return null;
        }
        await memory(tx);
        // Queued first, so sent first (a voice path that fell back to text queued it already).
        const greeted = voiceWanted ? null : await greet(tx);
        const reply = await insertOutbound(app, tx, {
          clientId,
          conversationId: conversation.id,
          content: { kind: 'text', text: answer },
          answering: { messageId: turn.answering, step: 'ai' },
        });
        await settleTurn(app, tx, turn, markedBy(reply, turn));
        return { reply, greeted };
      });
      memo.delete(turn.answering);
      if (!queued) {
        await log('sent', 'skipped', { output: { reason: 'a person took the conversation' } });
        return true;
      }
      // After the commit: live events, and the sender looks again.
      if (queued.greeted) {
        announceOutbound(app, queued.greeted);
        await log('greeted', 'success', { output: { messageId: queued.greeted.message.id } });
      }
      announceOutbound(app, queued.reply);
      sent = { messageId: queued.reply.message.id };
    }
    await log('sent', 'success', { output: { messageId: sent.messageId, voice: voice !== null } });
  } catch (error) {
    await log('sent', 'error', { error });
    if (isDatabaseError(error)) throw error; // retried with the remembered answer: never silence
    memo.delete(turn.answering);
    await app.db.tenant(clientId, (tx) => dropPending(app, tx, turn)).catch(() => undefined);
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
  turn: Turn,
  message: string,
  reason: string,
  log: StepLogger,
  notice?: JsonObject,
  /** The team a keyword asked for (absent: the number's default team). */
  teamId?: string,
): Promise<void> {
  const { app, clientId, conversation, text } = turn;
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
        answering: { messageId: turn.answering, step: 'ai' },
      });
      await settleTurn(app, tx, turn, markedBy(reply, turn));
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
    await keepTurnUnanswered(turn);
    await transfer(app, clientId, conversation.id, log, teamId);
  }
}

/**
 * The customer's words go into the chat memory and the turn is settled without an answer from the
 * AI (a person or a flow takes it from here), in one transaction.
 */
async function keepTurnUnanswered(turn: Turn): Promise<void> {
  const { app, clientId, conversation, text } = turn;
  await app.db.tenant(clientId, async (tx) => {
    await appendChatMemory(app, tx, { clientId, conversationId: conversation.id, sessionId: conversation.phone, messages: [{ type: 'human', content: text }] });
    await settleTurn(app, tx, turn);
  });
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

async function transfer(app: AppContext, clientId: string, conversationId: string, log: StepLogger, teamId?: string): Promise<void> {
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

const HOUR_MS = 60 * 60_000;

/** AI replies queued in the conversation since `since` (reply keys "<message>/ai"; greetings and hand-off words not counted). */
async function countAiReplies(app: AppContext, tx: Tx, clientId: string, conversationId: string, since: Date): Promise<number> {
  const { messages } = app.db.t;
  const rows = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.clientId, clientId),
        eq(messages.conversationId, conversationId),
        eq(messages.direction, 'outgoing'),
        like(messages.replyKey, '%/ai'),
        gte(messages.createdAt, since),
      ),
    );
  return rows.length;
}

/**
 * True when the conversation is still the bot's; on PostgreSQL the row stays locked until the
 * caller's transaction ends (a no-op update), so a person's takeover cannot slip in between.
 */
async function holdIfWithBot(app: AppContext, tx: Tx, clientId: string, conversationId: string): Promise<boolean> {
  const { conversations } = app.db.t;
  const held = await tx
    .update(conversations)
    .set({ status: 'bot' })
    .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId), eq(conversations.status, 'bot')))
    .returning({ id: conversations.id });
  return held.length > 0;
}

/** The message a reply just queued marked answered (none when it was queued before: a re-run). */
const markedBy = (reply: QueuedOutbound, turn: Turn) => (reply.conversation ? turn.answering : undefined);

/**
 * Every message of the turn answered, and its pending rows gone (in the transaction that answers).
 * `markedByReply`: the message the queued reply already marked (insertOutbound's `answering`).
 */
async function settleTurn(app: AppContext, tx: Tx, turn: Turn, markedByReply?: string): Promise<void> {
  for (const messageId of turn.messageIds) if (messageId !== markedByReply) await markAnswered(app, tx, turn.clientId, messageId);
  await dropPending(app, tx, turn);
}

async function dropPending(app: AppContext, tx: Tx, turn: Turn): Promise<void> {
  const { botReplyPending } = app.db.t;
  await tx.delete(botReplyPending).where(and(eq(botReplyPending.clientId, turn.clientId), inArray(botReplyPending.messageId, turn.messageIds)));
}

async function messageType(app: AppContext, tx: Tx, clientId: string, messageId: string) {
  const { messages } = app.db.t;
  const [row] = await tx
    .select({ type: messages.type })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.clientId, clientId)));
  return row?.type ?? 'text';
}

function stepOutput(step: StepRecord): JsonObject {
  return {
    step: step.step,
    model: step.model,
    costBrl: step.costBrl,
    tools: step.tools.map((tool) => ({ name: tool.name, ok: tool.ok, durationMs: tool.durationMs, ...(tool.error ? { error: tool.error } : {}) })),
  };
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
