// campaigns.*: broadcasts of an approved template to an audience of contacts. Every member reads;
// admins create, estimate, preview, control campaigns and set prices and tiers.
import { z } from 'zod';
import { safeText, uuidId } from '#shared/domain/safeText.js';
import { router, tenantProcedure, withRole } from '#server/trpc/trpc.js';
import { campaignProgress, listCampaigns } from './campaignProgress.js';
import { readSettings, saveSettings, settingsInput } from './campaignSettings.js';
import { controlCampaign } from './controlCampaign.js';
import { createCampaign, estimateCampaign, previewCampaign } from './createCampaign.js';
import { audienceInput, variableSource } from './templateVariables.js';

const clientId = z.string().uuid().optional();
const admin = withRole('admin');
const draft = z.object({ clientId, templateId: uuidId('templateId'), audience: audienceInput, variables: z.array(variableSource).max(20).default([]) });
const byId = z.object({ clientId, id: uuidId() });

export const campaignsRouter = router({
  list: tenantProcedure.input(z.object({ clientId }).default({})).query(({ ctx }) => listCampaigns(ctx.app.db, ctx.clientId)),
  get: tenantProcedure.input(byId).query(({ ctx, input }) => campaignProgress(ctx.app.db, ctx.clientId, input.id)),
  estimate: admin.input(draft).query(({ ctx, input }) => estimateCampaign(ctx.app.db, ctx.clientId, input)),
  preview: admin
    .input(draft.extend({ limit: z.number().int().min(1).max(50).default(5) }))
    .query(({ ctx, input }) => previewCampaign(ctx.app.db, ctx.clientId, input)),
  create: admin
    .input(
      draft.extend({
        name: safeText().trim().min(1).max(120),
        scheduledAt: z.string().datetime({ offset: true }).optional(),
        replyFlowId: uuidId('replyFlowId').nullish(),
        /** The business number it is sent from (phone number id or numbers row id); omitted: the main number. */
        numberId: safeText().trim().min(1).max(100).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const created = await createCampaign(ctx.app, ctx.clientId, ctx.session.userId, input);
      ctx.audit.resourceId = created.id;
      return created;
    }),
  pause: admin.input(byId).mutation(({ ctx, input }) => controlCampaign(ctx.app, ctx.clientId, input.id, 'pause')),
  resume: admin.input(byId).mutation(({ ctx, input }) => controlCampaign(ctx.app, ctx.clientId, input.id, 'resume')),
  cancel: admin.input(byId).mutation(({ ctx, input }) => controlCampaign(ctx.app, ctx.clientId, input.id, 'cancel')),
  settings: admin
    .input(z.object({ clientId }).default({}))
    .query(({ ctx }) => ctx.app.db.tenant(ctx.clientId, (tx) => readSettings(ctx.app.db, tx, ctx.clientId))),
  saveSettings: admin.input(settingsInput).mutation(({ ctx, input }) => saveSettings(ctx.app.db, ctx.clientId, input)),
});
