// Pause, resume, cancel. Each is a guarded UPDATE of the campaign's status (a refused move is a
// CONFLICT with the current status). A batch in flight holds the campaign row, so a pause takes
// effect after it; resume enqueues the send job again.
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { CampaignStatus } from '#shared/contacts/vocabulary.js';
import { TRPCError } from '@trpc/server';
import { raiseCampaignFinished } from './campaignFinished.js';
import { campaignView } from './campaignProgress.js';
import { enqueueSend, PROGRESS_EVENT } from './sendCampaign.js';

const MOVES: Record<'pause' | 'resume' | 'cancel', { from: CampaignStatus[]; to: CampaignStatus }> = {
  pause: { from: ['running', 'scheduled'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'scheduled', 'paused'], to: 'cancelled' },
};

export async function controlCampaign(app: AppContext, clientId: string, campaignId: string, action: keyof typeof MOVES) {
  const { campaigns } = app.db.t;
  const move = MOVES[action];
  const row = await app.db.tenant(clientId, async (tx) => {
    const [current] = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.clientId, clientId)));
    if (!current) throw new TRPCError({ code: 'NOT_FOUND', message: 'campaign not found' });
    const [updated] = await tx
      .update(campaigns)
      .set({ status: move.to, ...(move.to === 'cancelled' ? { finishedAt: new Date() } : {}) })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.clientId, clientId), inArray(campaigns.status, move.from)))
      .returning();
    if (!updated)
      throw new TRPCError({ code: 'CONFLICT', message: `the campaign is ${current.status}: it cannot be ${action === 'cancel' ? 'cancelled' : `${action}d`}` });
    if (action === 'resume') await enqueueSend(app, tx, clientId, campaignId, new Date());
    if (action === 'cancel') await raiseCampaignFinished(app, tx, updated);
    return updated;
  });
  app.events.publish(clientId, PROGRESS_EVENT, { campaignId, state: row.status });
  return campaignView(row);
}
