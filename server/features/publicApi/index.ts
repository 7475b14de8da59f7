// The publicApi feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { PUBLIC_API_PREFIX } from './registerPublicApiRoutes.js';
