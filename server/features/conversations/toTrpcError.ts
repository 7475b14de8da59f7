// Service errors a person can act on → the tRPC error code that says what kind they are.
import { TRPCError } from '@trpc/server';
import { ConversationNotFoundError, WindowClosedError } from '../whatsapp/index.js';
import { NotRetryableError } from '../whatsapp/index.js';
import { OptedOutError, OutboundContentError } from '../whatsapp/index.js';
import { ConversationChangeError } from './changeConversationStatus.js';
import { NotYourConversationError } from './claimForReply.js';
import { ConversationChangedMeanwhileError, ConversationTransitionError } from './conversationTransition.js';

export async function asTrpcErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TRPCError) throw error;
    const message = (error as Error).message;
    if (error instanceof ConversationNotFoundError) throw new TRPCError({ code: 'NOT_FOUND', message, cause: error });
    if (error instanceof ConversationChangeError) {
      throw new TRPCError({ code: message.includes('not found') ? 'NOT_FOUND' : 'BAD_REQUEST', message, cause: error });
    }
    // The conversation is not where the move starts (a refused transition, or another change won).
    if (error instanceof ConversationTransitionError || error instanceof ConversationChangedMeanwhileError) {
      throw new TRPCError({ code: 'CONFLICT', message, cause: error });
    }
    if (error instanceof NotYourConversationError) throw new TRPCError({ code: 'FORBIDDEN', message, cause: error });
    if (error instanceof OutboundContentError) throw new TRPCError({ code: 'BAD_REQUEST', message, cause: error });
    if (error instanceof WindowClosedError || error instanceof NotRetryableError || error instanceof OptedOutError)
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message, cause: error });
    throw error;
  }
}
