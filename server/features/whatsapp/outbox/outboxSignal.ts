// Wakes the outbox senders as soon as something is queued (after the commit that queued it),
// instead of waiting for their heartbeat. Every sender of the app hears it. Other instances are
// told only when a sender stops with work it will not do (wakeEverywhere): the instance that
// queued a message sends it, and its retries wake it at their time.
import { perApp } from '#server/app/perApp.js';
import type { AppContext } from '#server/app/appContext.js';
import { createWakeSignal, type WakeSignal } from '#server/db/wakeSignal.js';

export const OUTBOX_CHANNEL = 'uzz_outbox';

export const outboxSignal = perApp<AppContext, WakeSignal>((app) => createWakeSignal(app.db, OUTBOX_CHANNEL));
