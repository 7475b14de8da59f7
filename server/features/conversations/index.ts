// The conversations feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { ConversationChangeError, changeConversationStatus } from './changeConversationStatus.js';
export { listConversations } from './listConversations.js';
export { NotYourConversationError, claimForReply } from './claimForReply.js';
export { appendChatMemory, rememberCustomerTurn } from './chatMemory.js';
export { ConversationChangedMeanwhileError, ConversationTransitionError, moveConversationFrom } from './conversationTransition.js';
export { registerFlowControl, type FlowControl } from './flowControlPort.js';
export { readTakeoverPolicy, type TakeoverPolicy } from './takeoverPolicy.js';
export { sendAsAgent } from './sendAsAgent.js';
export { asTrpcErrors } from './toTrpcError.js';
export { registerResolvedListener, type ResolvedListener } from './resolvedPort.js';
