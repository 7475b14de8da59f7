// Every feature with routes or background work, in start order. (tRPC routers are listed in
// server/trpc/appRouter.ts.)
import type { Feature } from '../app/feature.js';
import { healthFeature } from './health/healthFeature.js';

export const FEATURES: Feature[] = [healthFeature];
