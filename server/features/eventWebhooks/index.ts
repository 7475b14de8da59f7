// The eventWebhooks feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { verifyWebhookSignature } from './signWebhook.js';
