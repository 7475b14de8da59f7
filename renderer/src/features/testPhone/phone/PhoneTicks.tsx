import { useT } from '#renderer/i18n/useI18n';
import type { PhoneMessage } from '../testPhoneApi';

type Status = NonNullable<PhoneMessage['status']>;
const MARKS: Record<Status, string> = { queued: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

/**
 * The business message's status as WhatsApp draws it for the sender: a clock while queued, one
 * grey tick sent, two grey delivered, two blue read. On a real phone the customer would not see
 * these; here they show the user how far each reply got.
 */
export function PhoneTicks({ status }: { status: Status }) {
  const t = useT();
  const label = t(`inbox.tick.${status}`);
  return (
    <span className={`ticks ${status}`} role="img" aria-label={label} title={label} data-testid="phone-ticks" data-status={status}>
      {MARKS[status]}
    </span>
  );
}
