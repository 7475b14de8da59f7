import { errorMessage } from '#renderer/api/errorMessage';
import { formatTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ReplyNotice } from '#renderer/features/aiProviders';
import type { MessageView } from '../types';
import { DeliveryTicks } from './DeliveryTicks';
import { MessageContent } from './MessageContent';

type Props = { message: MessageView; onRetry?(messageId: string): void; retrying?: boolean; retryError?: unknown };

export function MessageBubble({ message, onRetry, retrying, retryError }: Props) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const outgoing = message.direction === 'outgoing';
  const failed = message.status === 'failed';
  const reason = typeof message.errorDetails?.reason === 'string' ? message.errorDetails.reason : null;
  const author = outgoing ? (message.sentBy ? t('inbox.message.agent') : t('inbox.message.bot')) : t('inbox.message.customer');
  return (
    <div className={`message-row ${outgoing ? 'outgoing' : 'incoming'}`} data-testid="message" data-message-id={message.id} data-status={message.status}>
      <article className={`bubble${failed ? ' failed' : ''}`} aria-label={author}>
        <MessageContent message={message} />
        <div className="bubble-meta">
          {outgoing && <span>{author}</span>}
          <time dateTime={message.timestamp}>{formatTime(message.timestamp, language)}</time>
          {outgoing && <DeliveryTicks status={message.status} />}
        </div>
        {outgoing && <ReplyNotice metadata={message.metadata} />}
        {failed && (
          <div className="notice notice-error small" role="alert">
            <span>{t('inbox.failed.reason', { reason: reason ?? t('inbox.failed.unknown') })}</span>
            {onRetry && (
              <button type="button" className="button-secondary" onClick={() => onRetry(message.id)} disabled={retrying}>
                {t('inbox.failed.retry')}
              </button>
            )}
            {retryError !== undefined && retryError !== null && <span>{errorMessage(retryError)}</span>}
          </div>
        )}
      </article>
    </div>
  );
}
