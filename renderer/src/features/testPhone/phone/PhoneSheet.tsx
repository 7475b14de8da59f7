// A bottom sheet inside the phone (WhatsApp's list picker, the attachment forms): a dialog that takes
// the focus when it opens, keeps Tab inside, closes with Escape and gives the focus back.
import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '#renderer/i18n/useI18n';

type Props = { title: string; onClose(): void; children: ReactNode; testId?: string };

export function PhoneSheet({ title, onClose, children, testId }: Props) {
  const t = useT();
  const sheet = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = sheet.current?.querySelector<HTMLElement>('[data-autofocus], input, button:not(.phone-sheet-close)');
    (first ?? sheet.current)?.focus();
    return () => before?.focus?.();
  }, []);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !sheet.current) return;
    const focusable = [...sheet.current.querySelectorAll<HTMLElement>('button, input, a[href], textarea, select')].filter(
      (element) => !element.hasAttribute('disabled'),
    );
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable.at(-1)!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };
  return (
    <div
      className="phone-sheet-backdrop"
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}>
      <div
        className="phone-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="phone-sheet-title"
        ref={sheet}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}>
        <div className="phone-sheet-header">
          <h2 id="phone-sheet-title" className="grow">
            {title}
          </h2>
          <button type="button" className="icon-button phone-sheet-close" onClick={onClose} aria-label={t('common.close')}>
            ✕
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
