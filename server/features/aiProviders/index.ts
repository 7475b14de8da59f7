// The aiProviders feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { setFallbackMessage } from './fallbackMessage.js';
