import type { Feature } from '#server/app/feature.js';
import { registerOpenaiRoutes } from './registerOpenaiRoutes.js';

/** /v1: the OpenAI-compatible API over the gateway, for n8n and any OpenAI client. */
export const openaiCompatFeature: Feature = { name: 'openaiCompat', registerRoutes: registerOpenaiRoutes };
