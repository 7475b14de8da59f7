import './testBadge.css';
import { useT } from '#renderer/i18n/useI18n';

/** Marks a conversation of a test customer (the inbox's list and thread). */
export function TestBadge() {
  const t = useT();
  return (
    <span className="status-pill test-badge" title={t('testPhone.badge.label')} aria-label={t('testPhone.badge.label')} data-testid="test-badge">
      {t('testPhone.badge')}
    </span>
  );
}
