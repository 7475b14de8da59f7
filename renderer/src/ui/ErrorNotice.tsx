import { errorMessage } from '../api/errorMessage';
import { useT } from '../i18n/useI18n';

/** A failure, read out by screen readers as it appears, with an optional retry. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <div className="notice notice-error" role="alert">
      <span>{t('common.error', { message: errorMessage(error) })}</span>
      {onRetry && (
        <button type="button" className="button-link" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
