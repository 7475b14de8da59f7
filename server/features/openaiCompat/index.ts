// The openaiCompat feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { authenticateApiKey, forgetApiKeys, type ApiKeyIdentity } from './apiKeys.js';
