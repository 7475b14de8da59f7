// The in-app budget alert, in the app shell for client admins and owners: how much of the budget
// is used, which threshold was crossed and, at the limit, whether the bot is paused or the budget
// only alerts; with a link to the spend screen. Dismissing it hides it until the next alert.
import { Link } from '@tanstack/react-router';
import type { UserRole } from '#shared/domain/statuses.js';
import { useT } from '#renderer/i18n/useI18n';
import { useBudgetAlerts } from './useBudgetAlerts';
import './budgetAlertBanner.css';

export function BudgetAlertBanner({ role }: { role: UserRole | null | undefined }) {
  const t = useT();
  const { alert, dismiss } = useBudgetAlerts(role);
  if (!alert) return null;
  const figures = { percent: String(alert.percentage), threshold: String(alert.threshold) };
  const atLimit = alert.threshold >= 100;
  return (
    <div className={`notice budget-alert-banner${atLimit ? ' notice-error' : ''}`} role="alert" data-testid="budget-alert-banner">
      <span>{t(atLimit ? 'spend.alert.limit' : 'spend.alert.threshold', figures)}</span>
      {atLimit && <span>{t(alert.paused ? 'spend.alert.paused' : 'spend.alert.alertOnly')}</span>}
      <Link to="/spend/{-$clientId}" params={{ clientId: undefined }} onClick={dismiss}>
        {t('spend.alert.open')}
      </Link>
      <button type="button" className="button-link" onClick={dismiss}>
        {t('spend.alert.dismiss')}
      </button>
    </div>
  );
}
