// setup.*: the first-run set-up in the browser (public: nobody has an account yet). See
// completeSetup.ts for what it creates and why it happens at most once.
import { publicProcedure, router } from '#server/trpc/trpc.js';
import { completeSetup, setupInput } from './completeSetup.js';
import { setupStatus } from './setupStatus.js';

export const setupRouter = router({
  /** `needed` while the server has no account at all; `tokenRequired` when it printed a set-up token in its log. */
  status: publicProcedure.query(({ ctx }) => setupStatus(ctx.app)),
  complete: publicProcedure.input(setupInput).mutation(async ({ ctx, input }) => {
    const result = await completeSetup(ctx.app, input, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
    ctx.audit.clientId = result.clientId;
    ctx.audit.resourceId = result.userId;
    ctx.sessionCookie.set(result.token);
    return result;
  }),
});
