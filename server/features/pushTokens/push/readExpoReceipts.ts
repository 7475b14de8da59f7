// The push.receipts job: Expo's receipts for tickets a push.notify job got (Expo advises reading
// them about 15 minutes later); DeviceNotRegistered prunes the token. Receipts not ready yet
// retry the job through the runner's backoff.
import type { AppContext } from '#server/app/appContext.js';
import { PermanentJobError, type RunningJob } from '#server/jobs/index.js';
import { PushTransientError } from './pushErrors.js';
import { pruneTokens } from './pruneTokens.js';
import { expoReceipts } from './sendExpo.js';

const RECEIPT_BATCH = 1000;

export async function readExpoReceipts(app: AppContext, job: RunningJob): Promise<void> {
  const clientId = job.clientId;
  if (!clientId) throw new PermanentJobError('a receipts job needs a client');
  const tickets = (job.payload.tickets ?? []) as Array<{ ticketId: string; tokenId: string }>;
  const gone: string[] = [];
  let missing = 0;
  for (let start = 0; start < tickets.length; start += RECEIPT_BATCH) {
    const batch = tickets.slice(start, start + RECEIPT_BATCH);
    const receipts = await expoReceipts(
      app.config.push,
      batch.map((ticket) => ticket.ticketId),
    );
    for (const ticket of batch) {
      const receipt = receipts.get(ticket.ticketId);
      if (receipt === 'gone') gone.push(ticket.tokenId);
      if (receipt === undefined) missing++;
    }
  }
  if (gone.length) await app.db.tenant(clientId, (tx) => pruneTokens(app, tx, clientId, gone));
  // Pruning is idempotent, so a retry for late receipts may read the others again.
  if (missing && job.attempt < job.maxAttempts) throw new PushTransientError(`${missing} Expo receipts are not ready yet`);
}
