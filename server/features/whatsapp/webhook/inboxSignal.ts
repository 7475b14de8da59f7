// Wakes the inbox processors when the webhook stored something, or a processor marked events done
// (their conversations' next events are heads now): this process's at once after the commit, and
// with wakeEverywhere() every other instance's on PostgreSQL (NOTIFY on INBOX_CHANNEL).
import { perApp } from '#server/app/perApp.js';
import type { AppContext } from '#server/app/appContext.js';
import { createWakeSignal, type WakeSignal } from '#server/db/wakeSignal.js';

export const INBOX_CHANNEL = 'uzz_inbox';

export const inboxSignal = perApp<AppContext, WakeSignal>((app) => createWakeSignal(app.db, INBOX_CHANNEL));
