import type { Feature } from '../../app/feature.js';
import { registerHealthRoute } from './healthRoute.js';

export const healthFeature: Feature = { name: 'health', registerRoutes: registerHealthRoute };
