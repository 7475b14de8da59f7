// A campaign's live progress and results: recipients pending / skipped (by reason) / queued, and of
// the queued, what their messages became (sent, delivered, read, failed by Meta's reason), who
// replied after it and who opted out after it.
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tables } from '#server/db/tables.js';
import { TRPCError } from '@trpc/server';

type CampaignRow = Tables['campaigns']['$inferSelect'];

export function campaignView(row: CampaignRow) {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    templateName: row.templateName,
    language: row.language,
    category: row.category,
    variables: row.variables,
    audience: row.audience,
    replyFlowId: row.replyFlowId,
    /** The business number it is sent from; null: the client's main number. */
    phoneNumberId: row.phoneNumberId,
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    estimatedCost: row.estimatedCost,
    recipientCount: row.recipientCount,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function listCampaigns(db: Database, clientId: string) {
  const { campaigns } = db.t;
  const rows = await db.tenant(clientId, (tx) =>
    tx.select().from(campaigns).where(eq(campaigns.clientId, clientId)).orderBy(desc(campaigns.createdAt)).limit(200),
  );
  return rows.map(campaignView);
}

export async function campaignProgress(db: Database, clientId: string, campaignId: string) {
  const { campaigns, campaignRecipients: r, messages: m, clientesWhatsapp: c } = db.t;
  return db.tenant(clientId, async (tx) => {
    const [campaign] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.clientId, clientId)));
    if (!campaign) throw new TRPCError({ code: 'NOT_FOUND', message: 'campaign not found' });
    const byRecipient = await tx
      .select({ status: r.status, reason: r.reason, n: sql<number>`count(*)` })
      .from(r)
      .where(and(eq(r.clientId, clientId), eq(r.campaignId, campaignId)))
      .groupBy(r.status, r.reason);
    const byMessage = await tx
      .select({ status: m.status, n: sql<number>`count(*)` })
      .from(r)
      .innerJoin(m, and(eq(m.id, r.messageId), eq(m.clientId, clientId)))
      .where(and(eq(r.clientId, clientId), eq(r.campaignId, campaignId)))
      .groupBy(m.status);
    const failures = await tx
      .select({ details: m.errorDetails })
      .from(r)
      .innerJoin(m, and(eq(m.id, r.messageId), eq(m.clientId, clientId)))
      .where(and(eq(r.clientId, clientId), eq(r.campaignId, campaignId), eq(m.status, 'failed')));
    const [replied] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(r)
      .where(
        and(
          eq(r.clientId, clientId),
          eq(r.campaignId, campaignId),
          eq(r.status, 'queued'),
          sql`exists (select 1 from ${m} where ${m.clientId} = ${clientId} and ${m.conversationId} = ${r.conversationId}
            and ${m.direction} = 'incoming' and ${m.createdAt} > ${r.queuedAt})`,
        ),
      );
    const [optedOut] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(r)
      .innerJoin(c, and(eq(c.id, r.contactId), eq(c.clientId, clientId)))
      .where(and(eq(r.clientId, clientId), eq(r.campaignId, campaignId), eq(r.status, 'queued'), eq(c.status, 'opted_out'), gt(c.optedOutAt, r.queuedAt)));
    const count = (rows: { n: number }[]) => rows.reduce((sum, row) => sum + Number(row.n), 0);
    const messageCount = (...statuses: string[]) => count(byMessage.filter((row) => statuses.includes(row.status)));
    const failedByReason: Record<string, number> = {};
    for (const { details } of failures) {
      const reason = typeof details?.reason === 'string' ? details.reason : 'unknown';
      failedByReason[reason] = (failedByReason[reason] ?? 0) + 1;
    }
    const skippedByReason: Record<string, number> = {};
    for (const row of byRecipient.filter((row) => row.status === 'skipped')) skippedByReason[row.reason ?? 'unknown'] = Number(row.n);
    return {
      campaign: campaignView(campaign),
      progress: {
        recipients: count(byRecipient),
        pending: count(byRecipient.filter((row) => row.status === 'pending')),
        queued: count(byRecipient.filter((row) => row.status === 'queued')),
        skipped: count(byRecipient.filter((row) => row.status === 'skipped')),
        skippedByReason,
        waitingToSend: messageCount('queued'),
        // A message read was delivered and sent; delivered was sent.
        sent: messageCount('sent', 'delivered', 'read', 'played'),
        delivered: messageCount('delivered', 'read', 'played'),
        read: messageCount('read', 'played'),
        failed: messageCount('failed'),
        failedByReason,
        replied: Number(replied?.n ?? 0),
        optedOutAfter: Number(optedOut?.n ?? 0),
      },
    };
  });
}
