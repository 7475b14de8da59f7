// Who handles a conversation: the bot (`bot`, `fluxo_inicial`), a person (`humano` with the agent
// in assigned_to), nobody yet (`transferido`: a bot or flow handed off and a person is awaited), or
// nobody for now (`snoozed` until a time or the customer's next message, `resolved` until the
// customer writes again). People's actions, the bot's hand-off and the snooze's wake-up all come
// through here; the state machine (shared/domain/conversationLifecycle.ts) says which moves exist
// and conversationTransition.ts writes them.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { HUMAN_STATUSES } from '#shared/domain/conversationLifecycle.js';
import type { ConversationStatus } from '#shared/domain/statuses.js';
import { ConversationNotFoundError, conversationView, publishConversation } from '../whatsapp/index.js';
import { moveConversation } from './conversationTransition.js';
import { flowControl } from './flowControlPort.js';
import { enqueueSnoozeWake } from './snoozeWake.js';
import { conversationResolved } from './resolvedPort.js';
import { enqueuePush } from '../pushTokens/index.js';
import { emitDomainEvent } from '#server/app/domainEvents.js';

type ConversationRow = Tables['conversations']['$inferSelect'];

export class ConversationChangeError extends UserFacingError {
  override name = 'ConversationChangeError';
}

export type StatusChange = {
  clientId: string;
  conversationId: string;
  status: ConversationStatus;
  /** Absent: what the new status implies (nobody for the bot and resolved, the same person otherwise). */
  assignedTo?: string | null;
  /** `snoozed` only: until when (absent or null: until the customer writes). */
  snoozedUntil?: Date | null;
  /** Only from these statuses; from any other nothing changes and no error is raised (the bot's hand-off: an agent who took the chat keeps it). */
  onlyFrom?: readonly ConversationStatus[];
  /** The member making the change (not notified of it); absent for the bot or a flow. */
  actorUserId?: string | null;
  /** Checked on the row as read for the change: false changes nothing; it may throw to refuse. */
  precondition?: (current: ConversationRow) => boolean;
};

export type ChangedStatus = { row: ConversationRow; changed: boolean; from: ConversationStatus };

export async function changeConversationStatus(app: AppContext, input: StatusChange) {
  const outcome = await app.db.tenant(input.clientId, (tx) => changeStatusInTx(app, tx, input));
  await afterStatusChange(app, outcome);
  return conversationView(outcome.row);
}

/** The change inside the caller's transaction; call afterStatusChange once it committed. */
export async function changeStatusInTx(app: AppContext, tx: Tx, input: StatusChange): Promise<ChangedStatus> {
  const { conversations, userProfiles } = app.db.t;
  if (input.assignedTo) {
    // Only an active member of this client can be assigned.
    const [member] = await tx
      .select({ id: userProfiles.id, active: userProfiles.isActive })
      .from(userProfiles)
      .where(and(eq(userProfiles.id, input.assignedTo), eq(userProfiles.clientId, input.clientId)));
    if (!member || !member.active) throw new ConversationChangeError('that user is not an active member of this client');
  }
  if (input.status === 'snoozed' && input.snoozedUntil && input.snoozedUntil.getTime() <= Date.now()) {
    throw new ConversationChangeError('the snooze time has already passed: pick a time in the future');
  }
  const [current] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.clientId, input.clientId)));
  if (!current) throw new ConversationNotFoundError('conversation not found');
  if (input.onlyFrom && !input.onlyFrom.includes(current.status)) return { row: current, changed: false, from: current.status };
  if (input.precondition && !input.precondition(current)) return { row: current, changed: false, from: current.status };
  const to = input.status;
  const assignedTo =
    input.assignedTo !== undefined ? input.assignedTo : to === 'bot' || to === 'resolved' || to === 'fluxo_inicial' ? null : current.assignedTo;
  const snoozedUntil = to === 'snoozed' ? (input.snoozedUntil ?? null) : null;
  const { row, changed } = await moveConversation(app, tx, current, to, { assignedTo, snoozedUntil });
  if (!changed) return { row, changed, from: current.status };
  const target = { clientId: input.clientId, conversationId: input.conversationId };
  // The flow behind the conversation, in the same transaction: paused or cancelled when people take
  // it (the client's policy), ended when the chat is resolved or the flow is stopped by hand.
  if (to === 'resolved' || (current.status === 'fluxo_inicial' && to === 'bot')) await flowControl(app).leaveFlow(app, tx, target, 'end');
  else if (current.status === 'fluxo_inicial' && isHuman(to)) await flowControl(app).leaveFlow(app, tx, target, 'takeover');
  if (to === 'snoozed' && snoozedUntil) await enqueueSnoozeWake(app, tx, target, snoozedUntil);
  await emitConversationEvents(app, tx, current, row);
  if (to === 'resolved') await conversationResolved(app, tx, { row, before: current });
  await notifyMembers(app, tx, row, current, input.actorUserId ?? null);
  return { row, changed, from: current.status };
}

/** For event webhooks, in the change's transaction: a status change, and a new assignee. */
async function emitConversationEvents(app: AppContext, tx: Tx, before: ConversationRow, row: ConversationRow) {
  const base = { clientId: row.clientId, orderingKey: row.id };
  const data = { conversation: conversationView(row), previousStatus: before.status, previousAssignedTo: before.assignedTo };
  if (row.status !== before.status) await emitDomainEvent(app, tx, { ...base, type: 'conversation.status_changed', data });
  if (row.assignedTo && row.assignedTo !== before.assignedTo) await emitDomainEvent(app, tx, { ...base, type: 'conversation.assigned', data });
}

/** Pushes, committed with the change: to the member newly given the chat, or to everyone when it waits for anyone. */
async function notifyMembers(
  app: AppContext,
  tx: Tx,
  row: { id: string; clientId: string; status: ConversationStatus; assignedTo: string | null },
  before: { status: ConversationStatus; assignedTo: string | null },
  actorUserId: string | null,
) {
  const base = { clientId: row.clientId, conversationId: row.id, exceptUserId: actorUserId };
  if (row.assignedTo && row.assignedTo !== before.assignedTo && row.assignedTo !== actorUserId) {
    await enqueuePush(app, tx, { ...base, event: 'assigned', userId: row.assignedTo });
  } else if (row.status === 'transferido' && !row.assignedTo && before.status !== 'transferido') {
    await enqueuePush(app, tx, { ...base, event: 'transfer', userId: null });
  }
}

/** After the commit: live event, and a chat given back to the bot resumes the flow a takeover paused. */
export async function afterStatusChange(app: AppContext, outcome: ChangedStatus): Promise<void> {
  if (!outcome.changed) return;
  publishConversation(app, outcome.row);
  if (outcome.row.status === 'bot' && isHuman(outcome.from)) {
    const target = { clientId: outcome.row.clientId, conversationId: outcome.row.id };
    // The status change has committed either way: should the flow not resume now, the customer's
    // next message resumes it (flowsResponder's hand-back).
    await flowControl(app)
      .returnToFlow(app, target)
      .catch((error: unknown) => app.log.warn({ err: error, ...target }, 'the flow paused by a takeover did not resume: the next message will'));
  }
}

const isHuman = (status: ConversationStatus) => (HUMAN_STATUSES as readonly ConversationStatus[]).includes(status);
