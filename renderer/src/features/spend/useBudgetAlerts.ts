// In-app budget alerts (the server's `budget.alert` live event, published when the client keeps
// "alerts in the app" on) as they arrive on the client's live stream. The inbox has a stream of its
// own, but only while it is open: a budget alert must reach an admin on any screen, so this opens
// one for admins and owners only. A dropped stream is reopened after a growing delay; alerts sent
// while it was down are not replayed (they also went out by e-mail and webhook when configured).
import { useEffect, useState } from 'react';
import { roleAtLeast } from '#shared/domain/roles.js';
import type { UserRole } from '#shared/domain/statuses.js';
import { api } from '#renderer/api/api';
import { errorCode } from '#renderer/api/errorMessage';

/** The fields of the server's BudgetAlert the banner shows. */
export type BudgetAlertView = { threshold: number; percentage: number; paused: boolean; periodStart: string };

const BUDGET_ALERT_EVENT = 'budget.alert';

const isAlert = (payload: unknown): payload is BudgetAlertView => {
  const alert = payload as Partial<BudgetAlertView> | null;
  return typeof alert?.threshold === 'number' && typeof alert.percentage === 'number' && typeof alert.paused === 'boolean';
};

/** The latest alert not yet dismissed (a newer one replaces an older one), and how to dismiss it. */
export function useBudgetAlerts(role: UserRole | null | undefined): { alert: BudgetAlertView | null; dismiss: () => void } {
  const [alert, setAlert] = useState<BudgetAlertView | null>(null);
  const watching = roleAtLeast(role, 'admin');
  useEffect(() => {
    if (!watching) return;
    let subscription: { unsubscribe(): void } | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let stopped = false;
    const connect = () => {
      subscription = api().conversations.live.subscribe(
        {},
        {
          onStarted: () => {
            failures = 0;
          },
          onData: (event) => {
            const message = event.data as { type: string; payload: unknown };
            if (message.type === BUDGET_ALERT_EVENT && isAlert(message.payload)) setAlert(message.payload);
          },
          onConnectionStateChange: (state) => {
            if (state.state === 'connecting' && state.error) reconnect();
          },
          // An ended session is handled by the session itself (sign-in screen): no retry then.
          onError: (error) => {
            if (errorCode(error) !== 'UNAUTHORIZED') reconnect();
          },
        },
      );
    };
    const reconnect = () => {
      if (stopped || retryTimer) return;
      subscription?.unsubscribe();
      subscription = null;
      retryTimer = setTimeout(
        () => {
          retryTimer = null;
          if (!stopped) connect();
        },
        Math.min(30_000, 1000 * 2 ** failures++),
      );
    };
    connect();
    return () => {
      stopped = true;
      subscription?.unsubscribe();
      if (retryTimer) clearTimeout(retryTimer);
    };
  }, [watching]);
  return { alert: watching ? alert : null, dismiss: () => setAlert(null) };
}
