import type { MessageStatus } from '#shared/domain/statuses.js';
import { useT } from '#renderer/i18n/useI18n';

const MARKS: Partial<Record<MessageStatus, string>> = { queued: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', played: '✓✓', failed: '!' };

/** WhatsApp-style ticks: one grey (sent), two grey (delivered), two blue (read); a clock while queued. */
export function DeliveryTicks({ status }: { status: MessageStatus }) {
  const t = useT();
  const mark = MARKS[status];
  if (!mark || status === 'received') return null;
  const label = t(`inbox.tick.${status as 'queued' | 'sent' | 'delivered' | 'read' | 'played' | 'failed'}`);
  return (
    <span className={`ticks ${status}`} role="img" aria-label={label} title={label} data-status={status}>
      {mark}
    </span>
  );
}
