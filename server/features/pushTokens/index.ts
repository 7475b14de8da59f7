// The pushTokens feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { enqueuePush } from './push/enqueuePush.js';
