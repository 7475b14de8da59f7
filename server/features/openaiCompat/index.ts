// The openaiCompat feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { forgetApiKeys } from './apiKeys.js';
