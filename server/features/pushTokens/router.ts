// Device tokens for notifications, per signed-in member.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { PUSH_PLATFORMS } from '#shared/domain/statuses.js';
import { router, tenantProcedure } from '#server/trpc/trpc.js';
import { listMyPushTokens } from './listMyPushTokens.js';
import { getNotificationPreferences, saveNotificationPreferences } from './notificationPreferences.js';
import { registerPushToken } from './registerPushToken.js';
import { unregisterPushToken } from './unregisterPushToken.js';

/** Devices belong to a member's profile: a platform administrator acting for a client has none there. */
const memberProcedure = tenantProcedure.use(({ ctx, next }) => {
  if (ctx.session.clientId !== ctx.clientId) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'only members of this client can register devices for it' });
  }
  return next({ ctx: { member: { clientId: ctx.clientId, userId: ctx.session.userId } } });
});

const token = safeText().trim().min(8, 'not a valid device token').max(4096);

export const pushTokensRouter = router({
  register: memberProcedure
    .input(z.object({ token, platform: z.enum(PUSH_PLATFORMS), deviceName: safeText().trim().max(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      const row = await registerPushToken(ctx.app.db, ctx.member, input);
      ctx.audit.resourceId = row.id;
      return row;
    }),

  listMine: memberProcedure.query(({ ctx }) => listMyPushTokens(ctx.app.db, ctx.member)),

  unregister: memberProcedure
    .input(z.union([z.object({ token }), z.object({ id: z.string().uuid('not a valid device id') })]))
    .mutation(({ ctx, input }) => unregisterPushToken(ctx.app.db, ctx.member, input)),

  /** Which events push to my devices. */
  preferences: memberProcedure.query(({ ctx }) => getNotificationPreferences(ctx.app.db, ctx.member)),

  savePreferences: memberProcedure
    .input(
      z
        .object({ onAssigned: z.boolean().optional(), onTransfer: z.boolean().optional(), onMessage: z.boolean().optional() })
        .refine((value) => Object.values(value).some((flag) => flag !== undefined), 'nothing to change'),
    )
    .mutation(({ ctx, input }) => saveNotificationPreferences(ctx.app.db, ctx.member, input)),
});
