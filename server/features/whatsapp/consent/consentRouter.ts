// tRPC for opt-out: the client's keywords and confirmations (administrators change them), and a
// conversation's customer state for the inbox (agents may also mark it by hand, e.g. a customer
// who asked by phone).
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { effectiveOptOutSettings, optOutSettingsSchema } from '#shared/domain/optOut.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { changeConsent, consentView, customerOf, publishConsent } from './customerConsent.js';

const clientId = z.string().uuid().optional();
const byConversation = z.object({ clientId, conversationId: z.string().uuid('not a valid conversation id') });

async function conversationOf(app: AppContext, tx: Tx, tenant: string, id: string) {
  const { conversations } = app.db.t;
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.clientId, tenant)));
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'conversation not found' });
  return row;
}

export const consentRouter = router({
  settings: tenantProcedure.input(z.object({ clientId }).default({})).query(async ({ ctx }) => {
    const { clients } = ctx.app.db.t;
    const [row] = await ctx.app.db.tenant(ctx.clientId, (tx) =>
      tx.select({ optOutSettings: clients.optOutSettings }).from(clients).where(eq(clients.id, ctx.clientId)),
    );
    return { ...effectiveOptOutSettings(row?.optOutSettings), customized: row?.optOutSettings != null };
  }),

  /** Null restores the defaults. */
  saveSettings: withRole('admin')
    .input(z.object({ clientId, settings: optOutSettingsSchema.nullable() }))
    .mutation(async ({ ctx, input }) => {
      const { clients } = ctx.app.db.t;
      await ctx.app.db.tenant(ctx.clientId, (tx) => tx.update(clients).set({ optOutSettings: input.settings }).where(eq(clients.id, ctx.clientId)));
      return { ...effectiveOptOutSettings(input.settings), customized: input.settings !== null };
    }),

  customer: tenantProcedure.input(byConversation).query(async ({ ctx, input }) =>
    ctx.app.db.tenant(ctx.clientId, async (tx) => {
      const conversation = await conversationOf(ctx.app, tx, ctx.clientId, input.conversationId);
      return { conversationId: conversation.id, ...consentView(await customerOf(ctx.app, tx, conversation)) };
    }),
  ),

  setCustomer: withRole('agent')
    .input(byConversation.extend({ optedOut: z.boolean() }))
    .mutation(async ({ ctx, input }) =>
      ctx.app.db.tenant(ctx.clientId, async (tx) => {
        const conversation = await conversationOf(ctx.app, tx, ctx.clientId, input.conversationId);
        const customer = await customerOf(ctx.app, tx, conversation);
        if (!customer) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'this conversation has no WhatsApp customer record yet' });
        ctx.audit.resourceId = customer.id;
        const changed = await changeConsent(ctx.app, tx, customer, input.optedOut ? 'opted_out' : 'active', `agent:${ctx.session.userId}`);
        if (changed) publishConsent(ctx.app, ctx.clientId, conversation.id, changed);
        return { conversationId: conversation.id, ...consentView(changed ?? customer) };
      }),
    ),
});
