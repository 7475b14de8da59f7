// The conversation's state machine: which status may follow which. The server enforces it in one
// place (server/features/conversations/conversationTransition.ts) for people and for the bot and
// flows alike; the inbox reads it to offer only the moves that can succeed.
import type { ConversationStatus } from './statuses.js';

/**
 * Allowed moves, besides staying put (a status may always "follow" itself: a new assignee, a new
 * snooze time, or nothing to do, which makes every action idempotent).
 * - bot: a flow starts, a person takes over, the bot hands off, or it is resolved.
 * - fluxo_inicial: the flow ends (bot) or hands off; a person takes over; resolved.
 * - humano / transferido: back to the bot (or to the flow that handed off), to a person, resolved,
 *   snoozed.
 * - snoozed: wakes up (to a person, or waiting for one), or is taken, given back, resolved.
 * - resolved: reopened by the customer (to the bot) or by a person taking it up again. It is never
 *   transferred, snoozed or put in a flow directly: it is reopened first.
 */
export const CONVERSATION_TRANSITIONS: Readonly<Record<ConversationStatus, readonly ConversationStatus[]>> = {
  bot: ['fluxo_inicial', 'humano', 'transferido', 'resolved'],
  fluxo_inicial: ['bot', 'humano', 'transferido', 'resolved'],
  humano: ['bot', 'fluxo_inicial', 'transferido', 'resolved', 'snoozed'],
  transferido: ['bot', 'fluxo_inicial', 'humano', 'resolved', 'snoozed'],
  snoozed: ['bot', 'humano', 'transferido', 'resolved'],
  resolved: ['bot', 'humano'],
};

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return from === to || CONVERSATION_TRANSITIONS[from].includes(to);
}

/** The statuses from which `to` may be reached (itself included). */
export function statusesLeadingTo(to: ConversationStatus): ConversationStatus[] {
  return (Object.keys(CONVERSATION_TRANSITIONS) as ConversationStatus[]).filter((from) => canTransition(from, to));
}

/**
 * Where a customer's new message (or a snooze's time coming) takes a conversation set aside: a
 * resolved one reopens with the bot (a new matter; nobody is assigned any more); a snoozed one goes
 * back to its person, or waits for one when nobody had it. Null: the message changes nothing.
 */
export function reopenedStatus(status: ConversationStatus, assignedTo: string | null): ConversationStatus | null {
  if (status === 'resolved') return 'bot';
  if (status === 'snoozed') return assignedTo ? 'humano' : 'transferido';
  return null;
}

/** Statuses in which people, not the bot, answer the customer. */
export const HUMAN_STATUSES = ['humano', 'transferido', 'snoozed'] as const satisfies readonly ConversationStatus[];
