// Clients (tenants): the platform administrator lists, creates and suspends them and sees the plans;
// a client's administrators read and change its settings and replace its secrets (write-only).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { CLIENT_STATUSES } from '#shared/domain/statuses.js';
import { platformAdminProcedure, router, withRole } from '#server/trpc/trpc.js';
import { createClient, DuplicateClientError, newClientInput } from './createClient.js';
import { getClientSettings } from './getClientSettings.js';
import { listClients } from './listClients.js';
import { listPlans } from './listPlans.js';
import { replaceClientSecrets } from './replaceClientSecrets.js';
import { setClientStatus } from './setClientStatus.js';
import { announceSessionsEnded } from '../auth/index.js';
import { forgetApiKeys } from '../openaiCompat/index.js';
import { clientSettingsInput } from './updateClientSettings.js';
import { updateClientSettings } from './updateClientSettings.js';
import { forgetGraphCredentials, forgetWebhookClients } from '../whatsapp/index.js';
import { assertWebhookUrlAllowed } from '../budgets/index.js';

const clientId = z.string().uuid().optional(); // platform administrators name the client (see tenantProcedure)
const targetClient = z.object({ clientId: z.string().uuid('not a valid client id') });
const admin = withRole('admin');
const secret = (min: number) => safeText().trim().min(min, `at least ${min} characters`).max(4000).nullable().optional();

export const clientsRouter = router({
  list: platformAdminProcedure
    .input(z.object({ status: z.enum(CLIENT_STATUSES).optional(), search: safeText().trim().max(200).optional() }).optional())
    .query(({ ctx, input }) => listClients(ctx.app.db, input ?? {})),

  create: platformAdminProcedure.input(newClientInput.omit({ createdBy: true })).mutation(async ({ ctx, input }) => {
    try {
      const client = await createClient(ctx.app, { ...input, createdBy: ctx.session.userId });
      ctx.audit.clientId = client.id;
      ctx.audit.resourceId = client.id;
      return client;
    } catch (error) {
      if (error instanceof DuplicateClientError) throw new TRPCError({ code: 'CONFLICT', message: error.message });
      throw error;
    }
  }),

  suspend: platformAdminProcedure.input(targetClient).mutation(async ({ ctx, input }) => {
    ctx.audit.clientId = input.clientId;
    ctx.audit.resourceId = input.clientId;
    const changed = await setClientStatus(ctx.app.db, input.clientId, 'suspended');
    forgetWebhookClients(ctx.app); // the webhook reads the client's status from the same short-lived cache
    announceSessionsEnded(ctx.app, { clientId: input.clientId }); // members' live streams close
    forgetApiKeys(ctx.app, { clientId: input.clientId }); // its /v1 keys stop at once, on every instance
    return changed;
  }),

  activate: platformAdminProcedure.input(targetClient).mutation(async ({ ctx, input }) => {
    ctx.audit.clientId = input.clientId;
    ctx.audit.resourceId = input.clientId;
    const changed = await setClientStatus(ctx.app.db, input.clientId, 'active');
    forgetWebhookClients(ctx.app); // the webhook reads the client's status from the same short-lived cache
    return changed;
  }),

  plans: platformAdminProcedure.query(({ ctx }) => listPlans(ctx.app.db)),

  settings: admin.input(z.object({ clientId }).optional()).query(({ ctx }) => getClientSettings(ctx.app.db, ctx.clientId)),

  updateSettings: admin.input(clientSettingsInput.extend({ clientId })).mutation(async ({ ctx, input }) => {
    const { clientId: _clientId, ...changes } = input;
    ctx.audit.resourceId = ctx.clientId;
    if (changes.notificationWebhookUrl) await assertWebhookUrlAllowed(ctx.app, changes.notificationWebhookUrl);
    const updated = await updateClientSettings(ctx.app.db, ctx.clientId, changes);
    // The webhook keeps who owns a phone number id for a moment, senders the Graph credentials
    // (number, WABA): a changed number or account applies at once.
    if (changes.metaPhoneNumberId !== undefined) forgetWebhookClients(ctx.app);
    if (changes.metaPhoneNumberId !== undefined || changes.metaWabaId !== undefined) forgetGraphCredentials(ctx.app, ctx.clientId);
    return updated;
  }),

  /** Field names contain token/secret/api key, so the audit log redacts their values (redactSecrets). */
  replaceSecrets: admin
    .input(
      z.object({
        clientId,
        metaAccessToken: secret(10),
        metaVerifyToken: secret(8),
        metaAppSecret: secret(8),
        openaiApiKey: secret(10),
        groqApiKey: secret(10),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { clientId: _clientId, ...secrets } = input;
      ctx.audit.resourceId = ctx.clientId;
      const replaced = await replaceClientSecrets(ctx.app, ctx.clientId, secrets);
      // A new app secret signs the very next webhook (the webhook keeps the old one for a moment otherwise).
      if (secrets.metaAppSecret !== undefined) forgetWebhookClients(ctx.app);
      // And a new access token the very next send.
      if (secrets.metaAccessToken !== undefined) forgetGraphCredentials(ctx.app, ctx.clientId);
      return replaced;
    }),
});
