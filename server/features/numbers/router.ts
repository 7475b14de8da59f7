// numbers.*: the client's WhatsApp numbers (inboxes): listed to every member (the inbox filters by
// number), added, renamed, given a default team and removed by administrators.
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { NUMBER_KINDS } from '#shared/teams/teamVocabulary.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { createNumber, listNumbers, removeNumber, updateNumber } from './manageNumbers.js';

const clientId = z.string().uuid().optional();
const id = z.string().uuid('id must be a uuid');
const displayName = safeText()
  .transform((value) => value.trim())
  .pipe(z.string().min(1, 'a number needs a name (Vendas, Suporte…)').max(80, 'a name has at most 80 characters'));
const secret = safeText().trim().min(8, 'that is too short to be a Meta credential').max(1000);

export const numbersRouter = router({
  list: tenantProcedure.input(z.object({ clientId }).default({})).query(({ ctx }) => listNumbers(ctx.app, ctx.clientId)),

  create: withRole('admin')
    .input(
      z.object({
        clientId,
        kind: z.enum(NUMBER_KINDS),
        displayName,
        phoneNumberId: safeText().trim().max(30).optional(),
        accessToken: secret.optional(),
        appSecret: secret.optional(),
        wabaId: safeText().trim().max(30).nullish(),
        displayPhone: safeText().trim().max(30).nullish(),
        defaultTeamId: z.string().uuid().nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const created = await createNumber(ctx.app, ctx.clientId, input);
      ctx.audit.resourceId = created.id;
      return created;
    }),

  update: withRole('admin')
    .input(
      z.object({
        clientId,
        id,
        displayName: displayName.optional(),
        defaultTeamId: z.string().uuid().nullish(),
        /** The flows its customers may start; null: every flow of the client. */
        flowIds: z.array(z.string().uuid()).max(200).nullish(),
        accessToken: secret.optional(),
        appSecret: secret.optional(),
        wabaId: safeText().trim().max(30).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = input.id;
      return updateNumber(ctx.app, ctx.clientId, input.id, input);
    }),

  remove: withRole('admin')
    .input(z.object({ clientId, id }))
    .mutation(({ ctx, input }) => {
      ctx.audit.resourceId = input.id;
      return removeNumber(ctx.app, ctx.clientId, input.id);
    }),
});
