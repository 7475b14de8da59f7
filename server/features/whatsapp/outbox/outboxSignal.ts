// Wakes the outbox sender as soon as something is queued, instead of waiting for its next poll.
import { perApp } from '../../../app/perApp.js';
import type { AppContext } from '../../../app/appContext.js';

export type OutboxSignal = { wake(): void; wait(ms: number): Promise<void> };

export const outboxSignal = perApp<AppContext, OutboxSignal>(() => {
  let pending = false;
  let waiter: (() => void) | null = null;
  return {
    wake() {
      pending = true;
      const resolve = waiter;
      waiter = null;
      resolve?.();
    },
    wait(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiter = null;
          resolve();
        }, ms);
        timer.unref?.();
        waiter = () => {
          clearTimeout(timer);
          pending = false;
          resolve();
        };
      });
    },
  };
});
