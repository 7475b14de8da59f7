// tRPC for the WhatsApp channel: message templates (list, submit to Meta, sync) and signed links to
// stored media files.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { consentRouter } from './consent/consentRouter.js';
import { mediaLink } from './media/mediaLink.js';
import { createTemplate, newTemplateInput } from './templates/createTemplate.js';
import { syncTemplates } from './templates/syncTemplates.js';
import { templateView } from './templates/templateView.js';

const clientId = z.string().uuid().optional();

export const whatsappRouter = router({
  /** A signed /media URL valid ten minutes, for <img>/<audio>/<video> tags (no session token in URLs). */
  mediaLink: tenantProcedure
    .input(z.object({ clientId, messageId: z.string().uuid() }))
    .query(({ ctx, input }) => mediaLink(ctx.app, ctx.clientId, input.messageId)),
  /** Customer opt-out: keywords (admin) and a conversation's customer state (the inbox). */
  optOut: consentRouter,
  templates: router({
    list: tenantProcedure.input(z.object({ clientId, status: safeText().max(40).optional() }).default({})).query(async ({ ctx, input }) => {
      const { messageTemplates } = ctx.app.db.t;
      const rows = await ctx.app.db.tenant(ctx.clientId, (tx) =>
        tx
          .select()
          .from(messageTemplates)
          .where(eq(messageTemplates.clientId, ctx.clientId))
          .orderBy(asc(messageTemplates.name), asc(messageTemplates.language)),
      );
      return rows.filter((row) => !input.status || row.status === input.status).map(templateView);
    }),
    create: withRole('admin')
      .input(newTemplateInput.extend({ clientId }))
      .mutation(async ({ ctx, input }) => {
        const { clientId: _ignored, ...template } = input;
        const created = await createTemplate(ctx.app, ctx.clientId, template);
        ctx.audit.resourceId = created.id;
        return created;
      }),
    sync: withRole('admin')
      .input(z.object({ clientId }).default({}))
      .mutation(({ ctx }) => syncTemplates(ctx.app, ctx.clientId)),
  }),
});
