// Every feature's router, under its name. The renderer imports only the type (shared/api.ts).
import { authRouter } from '../features/auth/router.js';
import { localModeRouter } from '../features/localMode/router.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  localMode: localModeRouter,
});

export type AppRouter = typeof appRouter;
