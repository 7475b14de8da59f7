// `campaign.finished` for the event webhooks: raised in the transaction that ends the campaign
// (its last batch found nobody pending, or an administrator cancelled it), with the recipients'
// final tally by status.
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { emitDomainEvent } from '#server/app/domainEvents.js';
import type { Tx } from '#server/db/tables.js';

export async function raiseCampaignFinished(
  app: AppContext,
  tx: Tx,
  campaign: { id: string; clientId: string; name: string; status: string; finishedAt: Date | null },
): Promise<void> {
  const { campaignRecipients: r } = app.db.t;
  const counts = await tx
    .select({ status: r.status, total: sql<number>`count(*)` })
    .from(r)
    .where(and(eq(r.clientId, campaign.clientId), eq(r.campaignId, campaign.id)))
    .groupBy(r.status);
  await emitDomainEvent(app, tx, {
    clientId: campaign.clientId,
    type: 'campaign.finished',
    data: {
      campaignId: campaign.id,
      name: campaign.name,
      status: campaign.status,
      finishedAt: (campaign.finishedAt ?? new Date()).toISOString(),
      recipients: Object.fromEntries(counts.map((row) => [row.status, Number(row.total)])),
    },
    orderingKey: campaign.id,
  });
}
