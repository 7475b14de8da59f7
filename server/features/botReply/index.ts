// The botReply feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { registerRetrievalHook } from './retrievalHook.js';
export { botReplyResponder } from './botReplyResponder.js';
