import { useEffect, useState } from 'react';
import { customerServiceWindow } from '#shared/whatsapp/customerServiceWindow.js';
import { formatDuration } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';

/**
 * The 24-hour customer-service window: time left, or why only templates can go out. `now` ticks
 * every 30 s (the banner shows minutes), so rendering stays pure and the state and the time left
 * are worked out from the same instant.
 */
export function useWindowState(lastInboundAt: string | null) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return { ...customerServiceWindow(lastInboundAt ? new Date(lastInboundAt) : null, now), now };
}

export function WindowBanner({ lastInboundAt }: { lastInboundAt: string | null }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const window = useWindowState(lastInboundAt);
  if (window.open && window.closesAt) {
    return (
      <p className="window-banner open" data-testid="window-banner" data-open="true">
        {t('inbox.window.open', { time: formatDuration(window.closesAt.getTime() - window.now.getTime(), language) })}
      </p>
    );
  }
  return (
    <p className="window-banner" role="note" data-testid="window-banner" data-open="false">
      {t(window.closesAt ? 'inbox.window.closed' : 'inbox.window.never')}
    </p>
  );
}
