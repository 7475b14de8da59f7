// tRPC for the desktop inbox: list and read conversations, send, hand over between bot and
// people, mark read, retry a failed message, and the live stream. Every procedure acts inside the
// caller's client only (tenantProcedure; db.tenant with client_id filters, RLS behind them).
import { z } from 'zod';
import { safeText } from '../../../shared/domain/safeText.js';
import { CONVERSATION_STATUSES } from '../../../shared/domain/statuses.js';
import type { OutboundContent } from '../../../shared/whatsapp/outboundContent.js';
import { router, tenantProcedure, withRole } from '../../trpc/trpc.js';
import { enqueueOutbound } from '../whatsapp/outbox/enqueueOutbound.js';
import { requeueFailedMessage } from '../whatsapp/outbox/requeueFailedMessage.js';
import { changeConversationStatus } from './changeConversationStatus.js';
import { claimForReply, claimMessageConversationForReply } from './claimForReply.js';
import { listConversations } from './listConversations.js';
import { listMessages } from './listMessages.js';
import { liveSubscription } from './liveSubscription.js';
import { messageView } from './liveEvents.js';
import { markConversationRead } from './markConversationRead.js';
import { outboundContentInput } from './outboundContentInput.js';
import { asTrpcErrors } from './toTrpcError.js';

const clientId = z.string().uuid().optional(); // platform administrators act for a client
const conversationId = z.string().uuid('conversationId must be a uuid');
const byConversation = z.object({ clientId, conversationId });

export const conversationsRouter = router({
  list: tenantProcedure
    .input(z.object({
      clientId,
      status: z.enum([...CONVERSATION_STATUSES, 'all']).default('all'),
      tests: z.enum(['all', 'hide', 'only']).default('all'),
      search: safeText().max(200).optional(),
      assigned: z.enum(['me', 'unassigned', 'any']).default('any'),
      cursor: safeText().max(500).nullish(),
      limit: z.number().int().min(1).max(100).default(30),
    }).default({ status: 'all', tests: 'all', assigned: 'any', limit: 30 }))
    .query(({ ctx, input }) => listConversations(ctx.app, ctx.clientId, ctx.session.userId, input)),

  messages: tenantProcedure
    .input(z.object({ clientId, conversationId, cursor: safeText().max(500).nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listMessages(ctx.app, ctx.clientId, input)),

  send: withRole('agent')
    .input(z.object({ clientId, conversationId, content: outboundContentInput, replyToWamid: safeText().max(300).nullish() }))
    .mutation(({ ctx, input }) => asTrpcErrors(async () => {
      await claimForReply(ctx.app, { clientId: ctx.clientId, conversationId: input.conversationId, userId: ctx.session.userId, role: ctx.role });
      const result = await enqueueOutbound(ctx.app, {
        clientId: ctx.clientId, conversationId: input.conversationId, content: input.content as OutboundContent,
        sentBy: ctx.session.userId, replyToWamid: input.replyToWamid ?? null,
      });
      ctx.audit.resourceId = result.messageId;
      return result;
    })),

  takeOver: withRole('agent').input(byConversation).mutation(({ ctx, input }) => asTrpcErrors(() =>
    changeConversationStatus(ctx.app, { clientId: ctx.clientId, conversationId: input.conversationId, status: 'humano', assignedTo: ctx.session.userId }))),

  transfer: withRole('agent')
    .input(byConversation.extend({ toUserId: z.string().uuid().nullish() }))
    .mutation(({ ctx, input }) => asTrpcErrors(() =>
      changeConversationStatus(ctx.app, { clientId: ctx.clientId, conversationId: input.conversationId, status: 'transferido', assignedTo: input.toUserId ?? null }))),

  returnToBot: withRole('agent').input(byConversation).mutation(({ ctx, input }) => asTrpcErrors(() =>
    changeConversationStatus(ctx.app, { clientId: ctx.clientId, conversationId: input.conversationId, status: 'bot', assignedTo: null }))),

  assign: withRole('agent')
    .input(byConversation.extend({ userId: z.string().uuid() }))
    .mutation(({ ctx, input }) => asTrpcErrors(() =>
      changeConversationStatus(ctx.app, { clientId: ctx.clientId, conversationId: input.conversationId, status: 'humano', assignedTo: input.userId }))),

  markRead: withRole('agent')
    .input(byConversation.extend({ receipt: z.boolean().default(false), typing: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => markConversationRead(ctx.app, ctx.clientId, input)),

  retryMessage: withRole('agent')
    .input(z.object({ clientId, messageId: z.string().uuid() }))
    .mutation(({ ctx, input }) => asTrpcErrors(async () => {
      ctx.audit.resourceId = input.messageId;
      await claimMessageConversationForReply(ctx.app, { clientId: ctx.clientId, messageId: input.messageId, userId: ctx.session.userId, role: ctx.role });
      return messageView(await requeueFailedMessage(ctx.app, ctx.clientId, input.messageId, ctx.session.userId));
    })),

  live: tenantProcedure
    .input(z.object({ clientId, lastEventId: safeText().max(40).nullish() }).default({}))
    .subscription(({ ctx, input, signal }) => liveSubscription(ctx.app, ctx.session, ctx.clientId, input.lastEventId, signal)),
});
