// The foot of a settings form: Save, the "saved" note once it is, and why it was not.
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';

export function SaveRow({ save, saved }: { save: { isPending: boolean; isError: boolean; error: unknown }; saved: boolean }) {
  const t = useT();
  return (
    <>
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        {saved && <span role="status">{t('admin.saved')}</span>}
      </div>
      {save.isError && <ErrorNotice error={save.error} />}
    </>
  );
}
