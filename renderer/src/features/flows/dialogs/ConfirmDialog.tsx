import { useT } from '#renderer/i18n/useI18n';
import { ModalDialog } from './ModalDialog';

/** "Are you sure?" for destructive actions; the safe choice has the focus. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const t = useT();
  return (
    <ModalDialog title={title} onCancel={onCancel} testId="confirm-dialog">
      <p>{message}</p>
      <div className="dialog-actions">
        <button type="button" className="button-secondary" autoFocus onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button-danger" onClick={onConfirm} data-testid="confirm">
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
