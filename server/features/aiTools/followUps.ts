// The follow-up a model scheduled (schedule_follow_up): a job due at its time sends the text,
// unless a person holds the conversation by then (the bot never speaks over people) or the
// 24-hour window closed (free text would be refused by Meta).
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { RunningJob } from '#server/jobs/index.js';
import { OptedOutError, WindowClosedError, enqueueOutbound } from '../whatsapp/index.js';

export const FOLLOW_UP_JOB = 'aiTools.followUp';

export function registerFollowUps(app: AppContext): void {
  app.jobs.register(FOLLOW_UP_JOB, (job) => sendFollowUp(app, job), { maxAttempts: 5 });
}

async function sendFollowUp(app: AppContext, job: RunningJob): Promise<void> {
  const clientId = job.clientId;
  const conversationId = job.payload.conversationId;
  const text = job.payload.text;
  if (!clientId || typeof conversationId !== 'string' || typeof text !== 'string') return;
  const { conversations } = app.db.t;
  const [conversation] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ status: conversations.status })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId))),
  );
  if (conversation?.status !== 'bot') return; // gone, or with a person or a flow now
  try {
    await enqueueOutbound(app, { clientId, conversationId, content: { kind: 'text', text } });
  } catch (error) {
    if (error instanceof WindowClosedError || error instanceof OptedOutError) {
      app.log.info({ clientId, conversationId, reason: error.message }, 'a scheduled follow-up was not sent');
      return;
    }
    throw error;
  }
}
