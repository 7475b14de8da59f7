// What teams do when people resolve a conversation (the conversations feature's resolved port,
// wired in server/app/wireFeatures.ts): ask the customer for a satisfaction rating, and, once the
// resolve has committed, give the slot it freed to whoever waits in the queues. Without the second,
// the wait would last until the agent's next heartbeat, up to a minute.
import type { ResolvedListener } from '#server/features/conversations/index.js';
import { afterCommit } from '#server/db/commitHooks.js';
import { askForCsat } from './csat.js';
import { drainQueues } from './routeHandoff.js';

export const onConversationResolved: ResolvedListener = async (app, tx, event) => {
  await askForCsat(app, tx, event);
  if (!event.before.assignedTo || event.before.status === 'resolved') return;
  const clientId = event.row.clientId;
  afterCommit(() => {
    drainQueues(app, clientId, { max: 20 }).catch((error: unknown) =>
      app.log.warn({ err: error, clientId }, 'teams: handing out the queue after a resolve failed'),
    );
  });
};
