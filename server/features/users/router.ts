// Members of a client and their rights (admin+), and the signed-in user's own password.
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { USER_ROLES } from '#shared/domain/statuses.js';
import { authedProcedure, router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { MIN_PASSWORD_LENGTH } from '../auth/index.js';
import { changeMemberRole } from './changeMemberRole.js';
import { announceSessionsEnded } from '../auth/index.js';
import { changeOwnPassword } from './changeOwnPassword.js';
import { listDirectory } from './listDirectory.js';
import { listMembers } from './listMembers.js';
import { removeMember } from './removeMember.js';
import { setMemberActive } from './setMemberActive.js';

const clientId = z.string().uuid().optional(); // platform administrators name the client (see tenantProcedure)
const member = z.object({ clientId, userId: z.string().uuid('not a valid user id') });
const admin = withRole('admin');

export const usersRouter = router({
  list: admin.input(z.object({ clientId }).optional()).query(({ ctx }) => listMembers(ctx.app.db, ctx.clientId)),

  /** Active members' names and roles, for every member (assigning conversations). */
  directory: tenantProcedure.input(z.object({ clientId }).optional()).query(({ ctx }) => listDirectory(ctx.app.db, ctx.clientId)),

  changeRole: admin.input(member.extend({ role: z.enum(USER_ROLES) })).mutation(({ ctx, input }) => {
    ctx.audit.resourceId = input.userId;
    return changeMemberRole(ctx.app.db, ctx.clientId, { userId: ctx.session.userId, role: ctx.role }, input);
  }),

  // Each of these ends sessions: open live streams are told to re-check theirs (sessionsEnded.ts).
  deactivate: admin.input(member).mutation(async ({ ctx, input }) => {
    ctx.audit.resourceId = input.userId;
    const result = await setMemberActive(ctx.app.db, ctx.clientId, { userId: ctx.session.userId, role: ctx.role }, { userId: input.userId, active: false });
    announceSessionsEnded(ctx.app, { userId: input.userId });
    return result;
  }),

  reactivate: admin.input(member).mutation(async ({ ctx, input }) => {
    ctx.audit.resourceId = input.userId;
    const result = await setMemberActive(ctx.app.db, ctx.clientId, { userId: ctx.session.userId, role: ctx.role }, { userId: input.userId, active: true });
    announceSessionsEnded(ctx.app, { userId: input.userId });
    return result;
  }),

  remove: admin.input(member).mutation(async ({ ctx, input }) => {
    ctx.audit.resourceId = input.userId;
    const result = await removeMember(ctx.app.db, ctx.clientId, { userId: ctx.session.userId, role: ctx.role }, input);
    announceSessionsEnded(ctx.app, { userId: input.userId });
    return result;
  }),

  changePassword: authedProcedure
    .input(
      z.object({
        currentPassword: safeText().min(1, 'give your current password').max(200),
        newPassword: safeText().min(MIN_PASSWORD_LENGTH, `the new password needs at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.audit.resourceId = ctx.session.userId;
      const result = await changeOwnPassword(ctx.app.db, ctx.session, input);
      announceSessionsEnded(ctx.app, { userId: ctx.session.userId });
      return result;
    }),
});
