import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { publicProcedure, router } from '#server/trpc/trpc.js';
import { LocalModeUnavailableError, signInLocalOwner } from './signInLocalOwner.js';

export const localModeRouter = router({
  /** Whether this server runs as the desktop app's local server (the sign-in screen offers local sign-in). */
  status: publicProcedure.query(({ ctx }) => ({ enabled: Boolean(ctx.app.config.launchToken) })),
  signIn: publicProcedure.input(z.object({ launchToken: safeText().min(1).max(200) })).mutation(async ({ ctx, input }) => {
    try {
      const result = await signInLocalOwner(ctx.app, { launchToken: input.launchToken, ip: ctx.request.ip, userAgent: ctx.request.userAgent });
      ctx.audit.resourceId = result.userId;
      ctx.audit.clientId = result.clientId;
      ctx.sessionCookie.set(result.token);
      return { token: result.token };
    } catch (error) {
      if (error instanceof LocalModeUnavailableError) throw new TRPCError({ code: 'FORBIDDEN', message: error.message });
      throw error;
    }
  }),
});
