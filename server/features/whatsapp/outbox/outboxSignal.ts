// Wakes the outbox sender as soon as something is queued, instead of waiting for its next poll.
import { perApp } from '../../../app/perApp.js';
import type { AppContext } from '../../../app/appContext.js';
import { createWakeSignal, type WakeSignal } from '../wakeSignal.js';

export const outboxSignal = perApp<AppContext, WakeSignal>(() => createWakeSignal());
