// The cannedResponses feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { createCannedResponse } from './createCannedResponse.js';
export { type CannedResponsesLanguage, seedDefaultCannedResponses } from './seedDefaultCannedResponses.js';
