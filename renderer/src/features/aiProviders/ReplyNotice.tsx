// Under a bot message in the inbox: why the bot sent it, when the server recorded a reason
// (metadata.notice), e.g. the fallback message sent because no AI provider is connected.
import { NO_AI_PROVIDER_NOTICE } from '#shared/domain/aiProviders.js';
import { useT } from '#renderer/i18n/useI18n';
import { Link } from '@tanstack/react-router';
import { AI_SETTINGS_TAB, useCanConnectProviders } from './NoProviderBanner';

export function ReplyNotice({ metadata }: { metadata: Record<string, unknown> | null | undefined }) {
  const t = useT();
  const canConnect = useCanConnectProviders();
  const notice = metadata?.notice as { code?: unknown; message?: unknown } | undefined;
  if (!notice || typeof notice !== 'object') return null;
  if (notice.code === NO_AI_PROVIDER_NOTICE) {
    return (
      <div className="notice small" data-testid="reply-notice">
        <span>{t('aiProviders.notice.noProvider')}</span>
        {canConnect ? (
          <Link to="/admin/{-$tab}" params={{ tab: AI_SETTINGS_TAB }}>
            {t('aiProviders.banner.connect')}
          </Link>
        ) : (
          <span>{t('aiProviders.banner.askAdmin')}</span>
        )}
      </div>
    );
  }
  return typeof notice.message === 'string' ? (
    <div className="notice small" data-testid="reply-notice">
      {notice.message}
    </div>
  ) : null;
}
