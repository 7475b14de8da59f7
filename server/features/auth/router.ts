import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { authedProcedure, publicProcedure, router } from '#server/trpc/trpc.js';
import { loginWithPassword } from './loginWithPassword.js';
import { revokeSession } from './sessions.js';
import { announceSessionsEnded } from './sessionsEnded.js';

export const authRouter = router({
  login: publicProcedure.input(z.object({ email: safeText().min(1).max(320), password: safeText().min(1).max(200) })).mutation(async ({ ctx, input }) => {
    const result = await loginWithPassword(ctx.app.db, input, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
    ctx.audit.resourceId = result.userId;
    ctx.sessionCookie.set(result.token);
    return { token: result.token };
  }),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await revokeSession(ctx.app.db, ctx.session.sessionId);
    ctx.sessionCookie.clear();
    announceSessionsEnded(ctx.app, { userId: ctx.session.userId }); // its live streams close
    return { ok: true };
  }),
  me: authedProcedure.query(({ ctx }) => {
    const { sessionId: _sessionId, ...me } = ctx.session;
    return me;
  }),
});
