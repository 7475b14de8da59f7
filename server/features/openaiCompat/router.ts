// tRPC for the /v1 API keys: client admins create (the key is shown once), list and revoke them.
import { TRPCError } from '@trpc/server';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { API_SCOPES } from '#shared/domain/apiScopes.js';
import { router, withRole } from '#server/trpc/trpc.js';
import { newApiKey, revokeApiKey } from './apiKeys.js';

export const apiKeysRouter = router({
  create: withRole('admin')
    .input(
      z.object({
        clientId: z.string().uuid().optional(),
        name: safeText().trim().min(1, 'give the key a name (e.g. "n8n")').max(100),
        expiresAt: z.coerce
          .date()
          .refine((date) => date > new Date(), 'the expiry must be in the future')
          .nullable()
          .default(null),
        /** What the key may do on /api/v1; absent or null: everything. (/v1, the OpenAI-compatible API, needs no scope.) */
        scopes: z
          .array(z.enum(API_SCOPES))
          .min(1, 'pick at least one scope, or leave scopes out for a full-access key')
          .max(API_SCOPES.length)
          .nullable()
          .default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { apiKeys } = ctx.app.db.t;
      const generated = newApiKey();
      const [row] = await ctx.app.db.tenant(ctx.clientId, (tx) =>
        tx
          .insert(apiKeys)
          .values({
            clientId: ctx.clientId,
            name: input.name,
            keyPrefix: generated.prefix,
            keyHash: generated.hash,
            createdBy: ctx.session.userId,
            expiresAt: input.expiresAt,
            scopes: input.scopes ? [...new Set(input.scopes)] : null,
          })
          .returning({ id: apiKeys.id, createdAt: apiKeys.createdAt }),
      );
      ctx.audit.resourceId = row!.id;
      return {
        id: row!.id,
        key: generated.key,
        prefix: generated.prefix,
        name: input.name,
        createdAt: row!.createdAt,
        expiresAt: input.expiresAt,
        scopes: input.scopes ? [...new Set(input.scopes)] : null,
      };
    }),
  list: withRole('admin')
    .input(z.object({ clientId: z.string().uuid().optional() }).optional())
    .query(async ({ ctx }) => {
      const { apiKeys } = ctx.app.db.t;
      return ctx.app.db.tenant(ctx.clientId, (tx) =>
        tx
          .select({
            id: apiKeys.id,
            name: apiKeys.name,
            prefix: apiKeys.keyPrefix,
            createdAt: apiKeys.createdAt,
            lastUsedAt: apiKeys.lastUsedAt,
            expiresAt: apiKeys.expiresAt,
            revokedAt: apiKeys.revokedAt,
            scopes: apiKeys.scopes,
          })
          .from(apiKeys)
          .where(and(eq(apiKeys.clientId, ctx.clientId)))
          .orderBy(desc(apiKeys.createdAt)),
      );
    }),
  revoke: withRole('admin')
    .input(z.object({ clientId: z.string().uuid().optional(), id: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      if (!(await revokeApiKey(ctx.app, ctx.clientId, input.id))) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such API key' });
      return { ok: true };
    }),
});
