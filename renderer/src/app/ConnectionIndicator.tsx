import { useT } from '../i18n/useI18n';
import { useConnectionState } from './useConnectionState';

export function ConnectionIndicator() {
  const t = useT();
  const state = useConnectionState((store) => store.state);
  if (state === 'idle') return null;
  return (
    <span className={`connection connection-${state}`} role="status" data-testid="connection-state" data-state={state}>
      <span className="connection-dot" aria-hidden="true" />
      {state === 'live' ? t('connection.live') : t('connection.reconnecting')}
    </span>
  );
}
