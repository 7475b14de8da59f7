// Sending a campaign, exactly once per recipient, through the durable job runner (`campaigns.send`;
// no ordering key, so a resume is not held behind a job scheduled for later). Each batch is one
// transaction: it locks the campaign row (two jobs of one campaign take turns, batch by batch),
// checks it is still running, claims pending recipients (a guarded UPDATE … WHERE status = 'pending'), queues each one's template into the outbox and marks the recipient with its
// message. A crash before the commit leaves them pending (nothing was queued); after it, they are
// queued and never claimed again; the outbox sends each queued message at most once. Opted-out
// contacts are skipped at send time too (they may opt out after the campaign was created).
//
// The messaging tier (unique business-initiated contacts per rolling 24 h for the number) bounds
// each batch; a campaign that reached it waits, as a job scheduled for when the oldest send of the
// window leaves it. Graph's rate limits (130429, 131056) are the outbox's: it backs off and retries;
// permanent errors (131049, 131050, …) fail the message with Meta's reason, which progress reports.
import { and, asc, eq, gt, inArray, min, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { PermanentJobError, type RunningJob } from '#server/jobs/index.js';
import { announceOutbound, insertTemplateBatch, mainPhoneNumberId, onNumber, type QueuedOutbound } from '../whatsapp/index.js';
import { attributesOf } from './campaignAudience.js';
import { readSettings, tierOf } from './campaignSettings.js';
import { fillVariables, sendComponents } from './templateVariables.js';
import { raiseCampaignFinished } from './campaignFinished.js';

export const SEND_JOB = 'campaigns.send';
export const PROGRESS_EVENT = 'campaigns.progress';
const BATCH = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function enqueueSend(app: AppContext, tx: Tx, clientId: string, campaignId: string, runAt: Date): Promise<void> {
  await app.jobs.enqueue(tx, {
    type: SEND_JOB,
    clientId,
    runAt,
    dedupeKey: `${SEND_JOB}:${campaignId}:${runAt.getTime()}`,
    payload: { campaignId },
  });
}

export function registerSendJob(app: AppContext): void {
  app.jobs.register(SEND_JOB, (job) => runSend(app, job), { maxAttempts: 20, backoffMs: 2_000, backoffMaxMs: 5 * 60_000 });
}

type BatchOutcome = { kind: 'more' | 'done' | 'stopped' | 'waiting'; queued: QueuedOutbound[] };

async function runSend(app: AppContext, job: RunningJob): Promise<void> {
  const campaignId = job.payload.campaignId;
  if (!job.clientId || typeof campaignId !== 'string') throw new PermanentJobError('a campaign send job without its client or campaign');
  const clientId = job.clientId;
  for (;;) {
    if (job.signal.aborted) return;
    const outcome = await app.db.tenant(clientId, (tx) => sendBatch(app, tx, clientId, campaignId));
    for (const queued of outcome.queued) announceOutbound(app, queued);
    app.events.publish(clientId, PROGRESS_EVENT, { campaignId, state: outcome.kind });
    if (outcome.kind !== 'more') return;
  }
}

async function sendBatch(app: AppContext, tx: Tx, clientId: string, campaignId: string): Promise<BatchOutcome> {
  const { campaigns, campaignRecipients: r, clientesWhatsapp: c } = app.db.t;
  const now = new Date();
  // Locks the campaign row (pause/cancel wait for the batch, and the batch sees their change).
  const [campaign] = await tx
    .update(campaigns)
    .set({ status: sql`case when ${campaigns.status} = 'scheduled' then 'running' else ${campaigns.status} end` })
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.clientId, clientId)))
    .returning();
  if (!campaign || campaign.status !== 'running') return { kind: 'stopped', queued: [] };

  // The number it goes out on: the one chosen, else the client's main number (each customer has a conversation per number).
  const main = await mainPhoneNumberId(app, tx, clientId);
  const phoneNumberId = campaign.phoneNumberId ?? main;
  const onMain = phoneNumberId === main;
  // The tier: how many more unique contacts this number may start conversations with now.
  const settings = await readSettings(app.db, tx, clientId);
  const tier = tierOf(settings, onMain ? null : phoneNumberId);
  let room = BATCH;
  if (tier !== null) {
    const since = new Date(now.getTime() - DAY_MS);
    // Counted over this number's campaigns (a campaign without a number is on the main number).
    const sameNumber = onMain
      ? sql`(${campaigns.phoneNumberId} is null or ${campaigns.phoneNumberId} = ${main ?? ''})`
      : eq(campaigns.phoneNumberId, phoneNumberId!);
    const [window] = await tx
      .select({ used: sql<number>`count(distinct ${r.phone})`, oldest: min(r.queuedAt) })
      .from(r)
      .innerJoin(campaigns, and(eq(campaigns.id, r.campaignId), eq(campaigns.clientId, clientId)))
      .where(and(eq(r.clientId, clientId), eq(r.status, 'queued'), gt(r.queuedAt, since), sameNumber));
    const used = Number(window?.used ?? 0);
    room = Math.min(BATCH, tier - used);
    if (room <= 0) {
      const oldest = window?.oldest ? new Date(window.oldest) : now;
      await enqueueSend(app, tx, clientId, campaignId, new Date(Math.max(oldest.getTime() + DAY_MS + 1000, now.getTime() + 1000)));
      return { kind: 'waiting', queued: [] };
    }
  }

  const pending = await tx
    .select()
    .from(r)
    .where(and(eq(r.clientId, clientId), eq(r.campaignId, campaignId), eq(r.status, 'pending')))
    .orderBy(asc(r.id))
    .limit(room);
  if (pending.length === 0) {
    const [finished] = await tx
      .update(campaigns)
      .set({ status: 'done', finishedAt: now })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.clientId, clientId)))
      .returning();
    if (finished) await raiseCampaignFinished(app, tx, finished);
    return { kind: 'done', queued: [] };
  }
  const contactIds = pending.map((row) => row.contactId).filter((id): id is string => id !== null);
  const contacts = contactIds.length
    ? await tx
        .select()
        .from(c)
        .where(
          and(
            eq(c.clientId, clientId),
            sql`${c.id} in (${sql.join(
              contactIds.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          ),
        )
    : [];
  const attributes = await attributesOf(app.db, tx, clientId, contactIds);
  // Who cannot get it, and why (several statements per reason at most, not per recipient).
  const skipped = new Map<string, string[]>(); // reason → recipient ids
  const skip = (recipientId: string, reason: string) => skipped.set(reason, [...(skipped.get(reason) ?? []), recipientId]);
  const sendable: Array<{ recipientId: string; contact: (typeof contacts)[number]; values: string[] }> = [];
  const contactById = new Map(contacts.map((row) => [row.id, row]));
  for (const recipient of pending) {
    const contact = recipient.contactId ? contactById.get(recipient.contactId) : undefined;
    if (!contact) skip(recipient.id, 'the contact was deleted');
    else if (contact.status === 'opted_out') skip(recipient.id, 'opted_out');
    else {
      const filled = fillVariables(campaign.variables, { name: contact.nome, phone: contact.telefone, attributes: attributes.get(contact.id) ?? {} });
      if ('missing' in filled) skip(recipient.id, filled.missing);
      else sendable.push({ recipientId: recipient.id, contact, values: filled.values });
    }
  }

  // Each one's conversation on the sending number (made when missing), then the templates queued together.
  const threads = sendable.length
    ? await conversationsFor(
        app,
        tx,
        clientId,
        phoneNumberId,
        now,
        sendable.map(({ contact }) => contact),
      )
    : new Map();
  const batch = await insertTemplateBatch(
    app,
    tx,
    clientId,
    sendable.map(({ contact, values }) => ({
      conversation: threads.get(contact.telefone)!,
      content: { kind: 'template' as const, name: campaign.templateName, language: campaign.language, components: sendComponents(values) },
    })),
  );
  for (const index of batch.refused.keys()) skip(sendable[index]!.recipientId, 'opted_out');
  for (const [reason, ids] of skipped) {
    await tx
      .update(r)
      .set({ status: 'skipped', reason })
      .where(and(eq(r.clientId, clientId), eq(r.status, 'pending'), inArray(r.id, ids)));
  }
  const accepted = sendable.filter((_, index) => !batch.refused.has(index));
  if (accepted.length) {
    // Each recipient's own message and conversation; guarded by `pending`, so a second claim of any
    // of them rolls the whole batch back (and the job retries it) instead of sending twice.
    // A CASE of parameters is text to PostgreSQL: its uuid columns need the cast.
    const asId = (value: string) => (app.db.kind === 'pg' ? sql`${value}::uuid` : sql`${value}`);
    const messageOf = new Map(accepted.map((item, index) => [item.recipientId, batch.queued[index]!.message]));
    const messageIdCase = sql.join(
      accepted.map((item) => sql`when ${item.recipientId} then ${asId(messageOf.get(item.recipientId)!.id)}`),
      sql` `,
    );
    const conversationIdCase = sql.join(
      accepted.map((item) => sql`when ${item.recipientId} then ${asId(messageOf.get(item.recipientId)!.conversationId)}`),
      sql` `,
    );
    const claimed = await tx
      .update(r)
      .set({ status: 'queued', messageId: sql`case ${r.id} ${messageIdCase} end`, conversationId: sql`case ${r.id} ${conversationIdCase} end`, queuedAt: now })
      .where(
        and(
          eq(r.clientId, clientId),
          eq(r.status, 'pending'),
          inArray(
            r.id,
            accepted.map((item) => item.recipientId),
          ),
        ),
      )
      .returning({ id: r.id });
    if (claimed.length !== accepted.length) throw new Error('a campaign recipient was claimed twice: the batch is rolled back and retried');
  }
  const queued: QueuedOutbound[] = batch.queued;
  return { kind: 'more', queued };
}

/** The conversation of each contact on the sending number, by phone; made (one statement) for those without one. */
async function conversationsFor(
  app: AppContext,
  tx: Tx,
  clientId: string,
  phoneNumberId: string | null,
  now: Date,
  contacts: Array<Tables['clientesWhatsapp']['$inferSelect']>,
): Promise<Map<string, Tables['conversations']['$inferSelect']>> {
  const { conversations } = app.db.t;
  await tx
    .insert(conversations)
    .values(
      contacts.map((contact) => ({ clientId, phone: contact.telefone, name: contact.nome, clienteWhatsappId: contact.id, phoneNumberId, lastUpdate: now })),
    )
    .onConflictDoNothing({ target: [conversations.clientId, conversations.phone, conversations.numberKey] });
  const rows = await tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.clientId, clientId),
        inArray(
          conversations.phone,
          contacts.map((contact) => contact.telefone),
        ),
        onNumber(conversations, phoneNumberId),
      ),
    );
  return new Map(rows.map((row) => [row.phone, row]));
}
