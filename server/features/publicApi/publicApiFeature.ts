import type { Feature } from '#server/app/feature.js';
import { registerPublicApiRoutes } from './registerPublicApiRoutes.js';

/** /api/v1: the public REST API for integrations (n8n, scripts), and /api/openapi.json. */
export const publicApiFeature: Feature = { name: 'publicApi', registerRoutes: registerPublicApiRoutes };
