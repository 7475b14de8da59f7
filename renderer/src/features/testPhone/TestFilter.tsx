import { useT } from '../../i18n/useI18n';

export type TestFilterValue = 'all' | 'hide' | 'only';
const VALUES: TestFilterValue[] = ['all', 'hide', 'only'];

/** The inbox's choice to show, hide or only show the test phone's conversations. */
export function TestFilter({ value, onChange }: { value: TestFilterValue; onChange(value: TestFilterValue): void }) {
  const t = useT();
  return (
    <div className="tabs" role="group" aria-label={t('testPhone.inboxFilter.label')} data-testid="test-filter">
      {VALUES.map((option) => (
        <button key={option} type="button" className="tab" aria-pressed={value === option} onClick={() => onChange(option)} data-testid={`test-filter-${option}`}>
          {t(`testPhone.inboxFilter.${option}`)}
        </button>
      ))}
    </div>
  );
}
