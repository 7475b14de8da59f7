import { useEffect, useState } from 'react';
import { customerServiceWindow } from '../../../../../server/features/whatsapp/window/customerServiceWindow';
import { formatDuration } from '../../../i18n/formatters';
import { useI18n, useT } from '../../../i18n/useI18n';

/** The 24-hour customer-service window: time left, or why only templates can go out. */
export function useWindowState(lastInboundAt: string | null) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return customerServiceWindow(lastInboundAt ? new Date(lastInboundAt) : null, now);
}

export function WindowBanner({ lastInboundAt }: { lastInboundAt: string | null }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const window = useWindowState(lastInboundAt);
  if (window.open && window.closesAt) {
    return <p className="window-banner open" data-testid="window-banner" data-open="true">{t('inbox.window.open', { time: formatDuration(window.closesAt.getTime() - Date.now(), language) })}</p>;
  }
  return <p className="window-banner" role="note" data-testid="window-banner" data-open="false">{t(window.closesAt ? 'inbox.window.closed' : 'inbox.window.never')}</p>;
}
