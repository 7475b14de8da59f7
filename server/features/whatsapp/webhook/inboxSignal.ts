// Wakes this process's inbox processor when the webhook stored something (other instances on
// PostgreSQL find it by polling).
import { perApp } from '../../../app/perApp.js';
import type { AppContext } from '../../../app/appContext.js';
import { createWakeSignal, type WakeSignal } from '../wakeSignal.js';

export const inboxSignal = perApp<AppContext, WakeSignal>(() => createWakeSignal());
