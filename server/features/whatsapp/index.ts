// The whatsapp feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { buildGraphMessage } from './graph/buildGraphMessage.js';
export { GraphApiError, type GraphClient, type GraphPhoneNumber, MediaTooLargeError, createGraphClient } from './graph/graphClient.js';
export { MissingCredentialsError, forgetGraphCredentials, graphClientFor, graphClientForConversation } from './graph/loadGraphCredentials.js';
export { classifyMetaError } from './graph/metaErrors.js';
export { CONSENT_EVENT, type CustomerConsent, OptedOutError, assertAcceptsBusinessMessages } from './consent/customerConsent.js';
export { conversationView, messageView, publishConversation, publishMessage } from './liveEvents.js';
export { mediaRoot } from './media/storeInboundMedia.js';
export {
  ConversationNotFoundError,
  type QueuedOutbound,
  WindowClosedError,
  announceOutbound,
  enqueueOutbound,
  insertOutbound,
  markAnswered,
} from './outbox/enqueueOutbound.js';
export { type OutboundBatch, announceOutboundBatch, insertOutboundBatch } from './outbox/insertOutboundBatch.js';
export { type TemplateBatchItem, insertTemplateBatch } from './outbox/insertTemplateBatch.js';
export { outboxSignal } from './outbox/outboxSignal.js';
export { NotRetryableError, requeueFailedMessage } from './outbox/requeueFailedMessage.js';
export { LIMITS, OutboundContentError, validateOutbound } from './outbox/validateOutbound.js';
export { canonicalPhone, phoneDigits } from './phone/canonicalPhone.js';
export { UnknownNumberError, mainPhoneNumberId, onMainNumber, onNumber, resolveNumber } from './numberChoice.js';
export {
  SANDBOX_DISPLAY_PHONE,
  SANDBOX_PREFIX,
  type SandboxNumber,
  SandboxUnavailableError,
  provisionSandboxNumber,
  sandboxNumberOf,
} from './sandboxNumber.js';
export { WEBHOOK_PATH } from './webhook/registerWebhookRoutes.js';
export { forgetWebhookClients } from './webhook/resolveWebhookClient.js';
export { signBody } from './webhook/verifySignature.js';
export { registerChannelPlugins, type ChannelPlugins } from './channelPlugins.js';
