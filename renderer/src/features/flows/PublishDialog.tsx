// Publishing makes the flow live at once: the confirmation lists what will start it from now on, so
// nobody turns a trigger on by surprise.
import { useT } from '#renderer/i18n/useI18n';
import type { KeywordMatch } from '#shared/flows/flowDocument.js';
import { ModalDialog } from './dialogs/ModalDialog';
import type { FlowMeta } from './FlowSettingsPanel';

export function PublishDialog({
  meta,
  keywordMatch,
  onConfirm,
  onCancel,
}: {
  meta: FlowMeta;
  keywordMatch: KeywordMatch;
  onConfirm(): void;
  onCancel(): void;
}) {
  const t = useT();
  const triggers: string[] = [];
  if (meta.triggerType === 'keyword')
    triggers.push(...meta.triggerKeywords.map((keyword) => t('flows.publishDialog.keyword', { keyword, match: t(`flows.triggers.match.${keywordMatch}`) })));
  if (meta.triggerType === 'qr_code' && meta.triggerQrCode) triggers.push(t('flows.publishDialog.qrCode', { code: meta.triggerQrCode }));
  if (meta.triggerType === 'manual') triggers.push(t('flows.publishDialog.manual'));
  if (meta.triggerType === 'always') triggers.push(t('flows.publishDialog.always'));
  return (
    <ModalDialog title={t('flows.publishDialog.title', { name: meta.name })} onCancel={onCancel} testId="publish-dialog">
      <p>{t('flows.publishDialog.intro')}</p>
      {triggers.length > 0 ? (
        <ul data-testid="publish-triggers">
          {triggers.map((trigger) => (
            <li key={trigger}>{trigger}</li>
          ))}
        </ul>
      ) : (
        <p className="notice notice-error" data-testid="publish-no-trigger">
          {t('flows.publishDialog.none')}
        </p>
      )}
      <p className="muted small">{t('flows.publishDialog.deactivate')}</p>
      <div className="dialog-actions">
        <button type="button" className="button-secondary" autoFocus onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button-primary" onClick={onConfirm} data-testid="publish-confirm">
          {t('flows.publishDialog.confirm')}
        </button>
      </div>
    </ModalDialog>
  );
}
