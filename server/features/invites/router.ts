// Invites: admins invite an email with a role; the invitee inspects and accepts with the token
// from the link (public procedures: they have no account yet).
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { USER_ROLES } from '#shared/domain/statuses.js';
import { publicProcedure, router, withRole } from '#server/trpc/trpc.js';
import { MIN_PASSWORD_LENGTH } from '../auth/index.js';
import { acceptInvite } from './acceptInvite.js';
import { createInvite } from './createInvite.js';
import { inspectInvite } from './inspectInvite.js';
import { DEFAULT_INVITE_HOURS, MAX_INVITE_HOURS } from './inviteTokens.js';
import { listInvites } from './listInvites.js';
import { revokeInvite } from './revokeInvite.js';

const clientId = z.string().uuid().optional(); // platform administrators name the client (see tenantProcedure)
const token = safeText().trim().min(1, 'the invite token is missing').max(200, 'this invite link is not valid');
const admin = withRole('admin');

export const invitesRouter = router({
  create: admin
    .input(
      z.object({
        clientId,
        email: safeText().trim().toLowerCase().email('not a valid email address').max(320),
        role: z.enum(USER_ROLES).default('agent'),
        expiresInHours: z
          .number()
          .int()
          .min(1)
          .max(MAX_INVITE_HOURS, `an invite lasts at most ${MAX_INVITE_HOURS / 24} days`)
          .default(DEFAULT_INVITE_HOURS),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const invite = await createInvite(
        ctx.app.db,
        ctx.clientId,
        { userId: ctx.session.userId, role: ctx.role, isPlatformAdmin: ctx.session.isPlatformAdmin },
        input,
      );
      ctx.audit.resourceId = invite.id;
      return invite;
    }),

  list: admin
    .input(z.object({ clientId, state: z.enum(['pending', 'accepted', 'revoked', 'expired']).optional() }).optional())
    .query(({ ctx, input }) => listInvites(ctx.app.db, ctx.clientId, { state: input?.state })),

  revoke: admin
    .input(z.object({ clientId, id: z.string().uuid('not a valid invite id') }))
    .mutation(({ ctx, input }) => revokeInvite(ctx.app.db, ctx.clientId, input.id)),

  // A mutation (POST) although it changes nothing: as a query the token would travel in the URL,
  // and URLs end up in logs, proxies and browser history.
  inspect: publicProcedure.input(z.object({ token })).mutation(({ ctx, input }) => inspectInvite(ctx.app.db, input.token)),

  accept: publicProcedure
    .input(
      z.object({
        token,
        password: safeText().min(MIN_PASSWORD_LENGTH, `the password needs at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
        fullName: safeText().trim().min(1, 'tell us your name').max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await acceptInvite(ctx.app.db, input, { ip: ctx.request.ip, userAgent: ctx.request.userAgent });
      ctx.audit.clientId = result.clientId;
      ctx.audit.resourceId = result.userId;
      ctx.sessionCookie.set(result.token);
      return result;
    }),
});
