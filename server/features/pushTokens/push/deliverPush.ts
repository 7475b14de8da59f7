// The push.notify job: who is told (the member named, or every active agent for a chat waiting
// for anyone, minus whoever made the change, minus those whose preferences say no), their devices,
// one send per service outside any transaction, dead tokens pruned, and a follow-up job for the
// devices a transient failure missed (so the devices already reached are not told twice).
// Expo's receipts are read by a later push.receipts job.
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import { PermanentJobError, retryDelayMs, type RunningJob } from '#server/jobs/index.js';
import { roleAtLeast } from '#shared/domain/roles.js';
import type { PushEvent } from '#shared/domain/statuses.js';
import { PUSH_JOB, PUSH_RECEIPTS_JOB, type PushJobPayload } from './enqueuePush.js';
import { PushTransientError, type DeviceOutcome } from './pushErrors.js';
import { pushNotice, type PushNotice } from './pushNotice.js';
import { EXPO_BATCH, isExpoToken, sendExpo } from './sendExpo.js';
import { sendFcm } from './sendFcm.js';
import { pruneTokens } from './pruneTokens.js';

const MAX_ROUNDS = 5;
const PREFERENCE: Record<PushEvent, 'onAssigned' | 'onTransfer' | 'onMessage'> = { assigned: 'onAssigned', transfer: 'onTransfer', message: 'onMessage' };

type Device = { id: string; token: string; platform: string };

export async function deliverPush(app: AppContext, job: RunningJob): Promise<void> {
  const clientId = job.clientId;
  if (!clientId) throw new PermanentJobError('a push job needs a client');
  const payload = job.payload as unknown as PushJobPayload;
  const found = await app.db.tenant(clientId, (tx) => findTarget(app, tx, clientId, payload));
  if (!found) return;
  // Without a service account only Expo tokens can be reached: the others wait for FCM to be set up.
  const target = app.config.push.fcmServiceAccount ? found : { ...found, devices: found.devices.filter((device) => isExpoToken(device.token)) };
  if (target.devices.length < found.devices.length) app.log.debug({ clientId, skipped: found.devices.length - target.devices.length }, 'FCM not configured');
  if (target.devices.length === 0) return;

  const outcomes = await sendAll(app, target.devices, target.notice);
  const gone = target.devices.filter((_, index) => outcomes[index]!.kind === 'gone');
  const retry = target.devices.filter((_, index) => outcomes[index]!.kind === 'retry');
  const tickets = target.devices.flatMap((device, index) => {
    const outcome = outcomes[index]!;
    return outcome.kind === 'sent' && outcome.ticketId ? [{ ticketId: outcome.ticketId, tokenId: device.id }] : [];
  });
  const failed = outcomes.flatMap((outcome) => (outcome.kind === 'failed' || outcome.kind === 'retry' ? [outcome.reason] : []));
  if (failed.length) app.log.warn({ clientId, event: payload.event, reasons: failed.slice(0, 5) }, 'push not delivered to every device');
  // Nothing got through and nothing changed: the runner retries the whole job with its backoff.
  if (retry.length === target.devices.length) throw new PushTransientError(failed[0] ?? 'no device reached');

  const round = (payload.round ?? 0) + 1;
  await app.db.tenant(clientId, async (tx) => {
    if (gone.length)
      await pruneTokens(
        app,
        tx,
        clientId,
        gone.map((device) => device.id),
      );
    if (tickets.length) {
      await app.jobs.enqueue(tx, {
        type: PUSH_RECEIPTS_JOB,
        clientId,
        payload: { tickets } as unknown as JsonObject,
        runAt: new Date(Date.now() + app.config.push.expoReceiptDelayMs),
      });
    }
    if (retry.length && round < MAX_ROUNDS) {
      const next: PushJobPayload = { ...payload, tokenIds: retry.map((device) => device.id), round };
      await app.jobs.enqueue(tx, {
        type: PUSH_JOB,
        clientId,
        payload: next as unknown as JsonObject,
        runAt: new Date(Date.now() + retryDelayMs(round, app.config.push.retryBaseMs ?? 5_000, 300_000)),
      });
    }
  });
}

async function sendAll(app: AppContext, devices: Device[], notice: PushNotice): Promise<DeviceOutcome[]> {
  const outcomes: DeviceOutcome[] = new Array(devices.length);
  const expo = devices.map((device, index) => ({ device, index })).filter(({ device }) => isExpoToken(device.token));
  for (let start = 0; start < expo.length; start += EXPO_BATCH) {
    const batch = expo.slice(start, start + EXPO_BATCH);
    let results: DeviceOutcome[];
    try {
      results = await sendExpo(
        app.config.push,
        batch.map(({ device }) => device.token),
        notice,
      );
    } catch (error) {
      if (!(error instanceof PushTransientError)) throw error;
      results = batch.map(() => ({ kind: 'retry', reason: error.message }));
    }
    batch.forEach(({ index }, position) => (outcomes[index] = results[position]!));
  }
  const account = app.config.push.fcmServiceAccount;
  for (const [index, device] of devices.entries()) {
    if (outcomes[index]) continue;
    if (!account) throw new Error('an FCM device without FCM configured (deliverPush filters them out)');
    try {
      outcomes[index] = await sendFcm(app, account, device.token, notice);
    } catch (error) {
      if (!(error instanceof PushTransientError)) throw error;
      outcomes[index] = { kind: 'retry', reason: error.message };
    }
  }
  return outcomes;
}

async function findTarget(app: AppContext, tx: Tx, clientId: string, payload: PushJobPayload): Promise<{ devices: Device[]; notice: PushNotice } | null> {
  const { conversations, messages, userProfiles, notificationPreferences, pushTokens } = app.db.t;
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, payload.conversationId), eq(conversations.clientId, clientId)));
  if (!conversation) return null; // deleted meanwhile: nothing to open
  let devices: Device[];
  if (payload.tokenIds?.length) {
    devices = await tx
      .select({ id: pushTokens.id, token: pushTokens.token, platform: pushTokens.platform })
      .from(pushTokens)
      .where(and(eq(pushTokens.clientId, clientId), inArray(pushTokens.id, payload.tokenIds)));
  } else {
    const members = await tx
      .select({ id: userProfiles.id, role: userProfiles.role, preference: notificationPreferences[PREFERENCE[payload.event]] })
      .from(userProfiles)
      .leftJoin(notificationPreferences, eq(notificationPreferences.userId, userProfiles.id))
      .where(
        and(
          eq(userProfiles.clientId, clientId),
          eq(userProfiles.isActive, true),
          payload.userId ? eq(userProfiles.id, payload.userId) : undefined,
          payload.exceptUserId ? ne(userProfiles.id, payload.exceptUserId) : undefined,
        ),
      );
    // No preferences row: every event is on. Viewers cannot answer a chat, so a waiting chat is not theirs.
    const wanted = members.filter((member) => member.preference !== false && (payload.userId || roleAtLeast(member.role, 'agent')));
    // A new message goes to whoever holds the chat now (it may have changed since it was queued).
    const holders = payload.event === 'message' ? wanted.filter((member) => member.id === conversation.assignedTo) : wanted;
    if (holders.length === 0) return null;
    devices = await tx
      .select({ id: pushTokens.id, token: pushTokens.token, platform: pushTokens.platform })
      .from(pushTokens)
      .where(
        and(
          eq(pushTokens.clientId, clientId),
          inArray(
            pushTokens.userId,
            holders.map((member) => member.id),
          ),
        ),
      );
  }
  let preview = conversation.lastMessage;
  if (payload.messageId) {
    const [message] = await tx
      .select({ content: messages.content, transcription: messages.transcription })
      .from(messages)
      .where(and(eq(messages.id, payload.messageId), eq(messages.clientId, clientId)));
    preview = message?.content ?? message?.transcription ?? preview;
  }
  const customer = conversation.name || `+${conversation.phone}`;
  return { devices, notice: pushNotice({ event: payload.event, clientId, conversationId: conversation.id, customer, preview }) };
}
