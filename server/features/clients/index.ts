// The clients feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { insertClient, newClientInput } from './createClient.js';
