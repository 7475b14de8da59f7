// Sign-in's HTTP edge (per-address limit, no batched auth.*), see authEdge.ts.
import type { Feature } from '#server/app/feature.js';
import { registerAuthEdge } from './authEdge.js';

export const authFeature: Feature = { name: 'auth', registerRoutes: registerAuthEdge };
