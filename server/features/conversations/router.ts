// tRPC for the desktop inbox: list and read conversations, send, hand over between bot and
// people, resolve, snooze, reopen, set priority, mark read, retry a failed message, the takeover
// policy, and the live stream. Status changes go through changeConversationStatus (the state machine). Every procedure acts inside the
// caller's client only (tenantProcedure; db.tenant with client_id filters, RLS behind them).
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { reopenedStatus } from '#shared/domain/conversationLifecycle.js';
import { CONVERSATION_PRIORITIES, CONVERSATION_STATUSES } from '#shared/domain/statuses.js';
import { TEST_FILTER_VALUES } from '#shared/domain/testConversations.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { requeueFailedMessage } from '../whatsapp/index.js';
import { changeConversationStatus } from './changeConversationStatus.js';
import { claimForReply, claimMessageConversationForReply } from './claimForReply.js';
import { listConversations } from './listConversations.js';
import { listMessages } from './listMessages.js';
import { liveSubscription } from './liveSubscription.js';
import { messageView } from '../whatsapp/index.js';
import { markConversationRead } from './markConversationRead.js';
import { outboundContentInput } from './outboundContentInput.js';
import { asTrpcErrors } from './toTrpcError.js';
import { sendAsAgent } from './sendAsAgent.js';
import { setConversationPriority } from './setConversationPriority.js';
import { currentConversation } from './currentConversation.js';
import { readTakeoverPolicy, takeoverPolicySchema, updateTakeoverPolicy } from './takeoverPolicy.js';

/** The longest a conversation may be snoozed: a forgotten chat should come back. */
const MAX_SNOOZE_MS = 366 * 24 * 60 * 60_000;

const clientId = z.string().uuid().optional(); // platform administrators act for a client
const conversationId = z.string().uuid('conversationId must be a uuid');
const byConversation = z.object({ clientId, conversationId });

export const conversationsRouter = router({
  list: tenantProcedure
    .input(
      z
        .object({
          clientId,
          status: z.enum([...CONVERSATION_STATUSES, 'all']).default('all'),
          priority: z.enum(CONVERSATION_PRIORITIES).optional(),
          tests: z.enum(TEST_FILTER_VALUES).default('all'),
          search: safeText().max(200).optional(),
          labelId: z.string().uuid().optional(),
          assigned: z.enum(['me', 'unassigned', 'any']).default('any'),
          phoneNumberId: safeText().max(100).optional(),
          teamId: z.string().uuid().nullish(),
          cursor: safeText().max(500).nullish(),
          limit: z.number().int().min(1).max(100).default(30),
        })
        .default({ status: 'all', tests: 'all', assigned: 'any', limit: 30 }),
    )
    .query(({ ctx, input }) => listConversations(ctx.app, ctx.clientId, ctx.session.userId, input)),

  messages: tenantProcedure
    .input(z.object({ clientId, conversationId, cursor: safeText().max(500).nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listMessages(ctx.app, ctx.clientId, input)),

  send: withRole('agent')
    .input(z.object({ clientId, conversationId, content: outboundContentInput, replyToWamid: safeText().max(300).nullish() }))
    .mutation(({ ctx, input }) =>
      asTrpcErrors(async () => {
        await claimForReply(ctx.app, { clientId: ctx.clientId, conversationId: input.conversationId, userId: ctx.session.userId, role: ctx.role });
        const result = await sendAsAgent(ctx.app, {
          clientId: ctx.clientId,
          conversationId: input.conversationId,
          content: input.content as OutboundContent,
          sentBy: ctx.session.userId,
          replyToWamid: input.replyToWamid ?? null,
        });
        ctx.audit.resourceId = result.messageId;
        return result;
      }),
    ),

  takeOver: withRole('agent')
    .input(byConversation)
    .mutation(({ ctx, input }) =>
      asTrpcErrors(() =>
        changeConversationStatus(ctx.app, {
          actorUserId: ctx.session.userId,
          clientId: ctx.clientId,
          conversationId: input.conversationId,
          status: 'humano',
          assignedTo: ctx.session.userId,
        }),
      ),
    ),

  transfer: withRole('agent')
    .input(byConversation.extend({ toUserId: z.string().uuid().nullish() }))
    .mutation(({ ctx, input }) =>
      asTrpcErrors(() =>
        changeConversationStatus(ctx.app, {
          actorUserId: ctx.session.userId,
          clientId: ctx.clientId,
          conversationId: input.conversationId,
          status: 'transferido',
          assignedTo: input.toUserId ?? null,
        }),
      ),
    ),

  returnToBot: withRole('agent')
    .input(byConversation)
    .mutation(({ ctx, input }) =>
      asTrpcErrors(() =>
        changeConversationStatus(ctx.app, {
          actorUserId: ctx.session.userId,
          clientId: ctx.clientId,
          conversationId: input.conversationId,
          status: 'bot',
          assignedTo: null,
        }),
      ),
    ),

  assign: withRole('agent')
    .input(byConversation.extend({ userId: z.string().uuid() }))
    .mutation(({ ctx, input }) =>
      asTrpcErrors(() =>
        changeConversationStatus(ctx.app, {
          actorUserId: ctx.session.userId,
          clientId: ctx.clientId,
          conversationId: input.conversationId,
          status: 'humano',
          assignedTo: input.userId,
        }),
      ),
    ),

  /** Done: nobody handles it until the customer writes again (their message reopens it with the bot). */
  resolve: withRole('agent')
    .input(byConversation)
    .mutation(({ ctx, input }) =>
      asTrpcErrors(() =>
        changeConversationStatus(ctx.app, {
          clientId: ctx.clientId,
          conversationId: input.conversationId,
          status: 'resolved',
          actorUserId: ctx.session.userId,
        }),
      ),
    ),

  /** Set aside until `until` (a job wakes it then) or, without it, until the customer writes; it keeps its person. */
  snooze: withRole('agent')
    .input(
      byConversation.extend({
        until: z
          .string()
          .datetime({ offset: true, message: 'until must be a date and time (ISO 8601)' })
          .nullish()
          .transform((value) => (value ? new Date(value) : null))
          .refine((value) => value === null || value.getTime() - Date.now() <= MAX_SNOOZE_MS, 'a conversation can be snoozed for a year at most'),
      }),
    )
    .mutation(({ ctx, input }) =>
      asTrpcErrors(() =>
        changeConversationStatus(ctx.app, {
          clientId: ctx.clientId,
          conversationId: input.conversationId,
          status: 'snoozed',
          snoozedUntil: input.until,
          actorUserId: ctx.session.userId,
        }),
      ),
    ),

  /** Back from resolved (to the bot) or snoozed (to its person, or waiting for one) now; an open conversation stays as it is. */
  reopen: withRole('agent')
    .input(byConversation)
    .mutation(({ ctx, input }) =>
      asTrpcErrors(async () => {
        const current = await currentConversation(ctx.app, ctx.clientId, input.conversationId);
        const to = reopenedStatus(current.status, current.assignedTo) ?? current.status;
        return changeConversationStatus(ctx.app, {
          clientId: ctx.clientId,
          conversationId: input.conversationId,
          status: to,
          onlyFrom: [current.status],
          actorUserId: ctx.session.userId,
        });
      }),
    ),

  setPriority: withRole('agent')
    .input(byConversation.extend({ priority: z.enum(CONVERSATION_PRIORITIES) }))
    .mutation(({ ctx, input }) => asTrpcErrors(() => setConversationPriority(ctx.app, ctx.clientId, input.conversationId, input.priority))),

  /** What a person taking a chat does to its running flow, and what giving it back does. */
  takeoverPolicy: tenantProcedure
    .input(z.object({ clientId }).default({}))
    .query(({ ctx }) => ctx.app.db.tenant(ctx.clientId, (tx) => readTakeoverPolicy(ctx.app, tx, ctx.clientId))),

  setTakeoverPolicy: withRole('admin')
    .input(takeoverPolicySchema.partial().extend({ clientId }))
    .mutation(({ ctx, input }) => updateTakeoverPolicy(ctx.app, ctx.clientId, { onTakeover: input.onTakeover, onReturn: input.onReturn })),

  markRead: withRole('agent')
    .input(byConversation.extend({ receipt: z.boolean().default(false), typing: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => markConversationRead(ctx.app, ctx.clientId, input)),

  retryMessage: withRole('agent')
    .input(z.object({ clientId, messageId: z.string().uuid() }))
    .mutation(({ ctx, input }) =>
      asTrpcErrors(async () => {
        ctx.audit.resourceId = input.messageId;
        await claimMessageConversationForReply(ctx.app, { clientId: ctx.clientId, messageId: input.messageId, userId: ctx.session.userId, role: ctx.role });
        return messageView(await requeueFailedMessage(ctx.app, ctx.clientId, input.messageId, ctx.session.userId));
      }),
    ),

  live: tenantProcedure
    .input(z.object({ clientId, lastEventId: safeText().max(40).nullish() }).default({}))
    .subscription(({ ctx, input, signal }) => liveSubscription(ctx.app, ctx.session, ctx.clientId, ctx.role, input.lastEventId, signal)),
});
