// campaigns.create / preview / estimate. Creating snapshots the audience into one row per recipient
// (numbers de-duplicated by the unique (campaign, phone) index) and enqueues the send job for now
// or the scheduled time, in the same transaction.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { TRPCError } from '@trpc/server';
import { resolveNumber, UnknownNumberError } from '../whatsapp/index.js';
import { attributesOf, audienceContacts, audienceCount } from './campaignAudience.js';
import { campaignView } from './campaignProgress.js';
import { costOf, readSettings } from './campaignSettings.js';
import { enqueueSend } from './sendCampaign.js';
import { fillVariables, renderBody, variableCount, type Audience } from './templateVariables.js';

export type CampaignDraft = { templateId: string; audience: Audience; variables: string[] };

async function approvedTemplate(db: Database, tx: Tx, clientId: string, templateId: string, variables: string[]) {
  const { messageTemplates } = db.t;
  const [template] = await tx
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.id, templateId), eq(messageTemplates.clientId, clientId)));
  if (!template) throw new TRPCError({ code: 'NOT_FOUND', message: 'template not found' });
  if (template.status !== 'APPROVED') {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `the template ${template.name} is ${template.status}, not approved by Meta: only approved templates can be sent`,
    });
  }
  const needed = variableCount(template.components);
  if (variables.length !== needed) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `the template ${template.name} has ${needed} variable(s): map each one (got ${variables.length})` });
  }
  return template;
}

export async function estimateCampaign(db: Database, clientId: string, draft: CampaignDraft) {
  return db.tenant(clientId, async (tx) => {
    const template = await approvedTemplate(db, tx, clientId, draft.templateId, draft.variables);
    const settings = await readSettings(db, tx, clientId);
    const recipients = await audienceCount(db, tx, clientId, draft.audience);
    const unitPrice = settings.prices[template.category.toUpperCase()] ?? '0';
    return { recipients, category: template.category, unitPrice, cost: costOf(unitPrice, recipients), currency: 'BRL' as const };
  });
}

export async function previewCampaign(db: Database, clientId: string, draft: CampaignDraft & { limit: number }) {
  return db.tenant(clientId, async (tx) => {
    const template = await approvedTemplate(db, tx, clientId, draft.templateId, draft.variables);
    const contacts = await audienceContacts(db, tx, clientId, draft.audience, draft.limit);
    const attributes = await attributesOf(
      db,
      tx,
      clientId,
      contacts.map((contact) => contact.id),
    );
    return contacts.map((contact) => {
      const filled = fillVariables(draft.variables, { name: contact.name, phone: contact.phone, attributes: attributes.get(contact.id) ?? {} });
      return {
        contactId: contact.id,
        name: contact.name,
        phone: contact.phone,
        text: 'values' in filled ? renderBody(template.components, filled.values) : null,
        problem: 'missing' in filled ? filled.missing : null,
      };
    });
  });
}

export async function createCampaign(
  app: AppContext,
  clientId: string,
  userId: string,
  input: CampaignDraft & { name: string; scheduledAt?: string | undefined; replyFlowId?: string | null | undefined; numberId?: string | null | undefined },
) {
  const { db } = app;
  const { campaigns, campaignRecipients, interactiveFlows } = db.t;
  const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : null;
  return db.tenant(clientId, async (tx) => {
    const template = await approvedTemplate(db, tx, clientId, input.templateId, input.variables);
    if (input.replyFlowId) {
      const [flow] = await tx
        .select({ id: interactiveFlows.id })
        .from(interactiveFlows)
        .where(and(eq(interactiveFlows.id, input.replyFlowId), eq(interactiveFlows.clientId, clientId)));
      if (!flow) throw new TRPCError({ code: 'NOT_FOUND', message: 'flow not found' });
    }
    // Sent from the chosen number (kept as its phone number id); none chosen: the main number at send time.
    let phoneNumberId: string | null = null;
    if (input.numberId) {
      try {
        phoneNumberId = await resolveNumber(app, tx, clientId, input.numberId);
      } catch (error) {
        if (error instanceof UnknownNumberError) throw new TRPCError({ code: 'NOT_FOUND', message: error.message });
        throw error;
      }
    }
    const settings = await readSettings(db, tx, clientId);
    const contacts = await audienceContacts(db, tx, clientId, input.audience);
    if (contacts.length === 0)
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'the audience is empty: no contact matches (opted-out contacts are always left out)' });
    const unitPrice = settings.prices[template.category.toUpperCase()] ?? '0';
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        clientId,
        name: input.name,
        templateId: template.id,
        templateName: template.name,
        language: template.language,
        category: template.category,
        variables: input.variables,
        audience: { ...input.audience },
        replyFlowId: input.replyFlowId ?? null,
        phoneNumberId,
        status: scheduledAt && scheduledAt.getTime() > Date.now() ? 'scheduled' : 'running',
        scheduledAt,
        estimatedCost: costOf(unitPrice, contacts.length),
        recipientCount: contacts.length,
        createdBy: userId,
      })
      .returning();
    for (let start = 0; start < contacts.length; start += 500) {
      await tx
        .insert(campaignRecipients)
        .values(contacts.slice(start, start + 500).map((contact) => ({ clientId, campaignId: campaign!.id, contactId: contact.id, phone: contact.phone })))
        .onConflictDoNothing();
    }
    await enqueueSend(app, tx, clientId, campaign!.id, scheduledAt ?? new Date());
    return campaignView(campaign!);
  });
}
