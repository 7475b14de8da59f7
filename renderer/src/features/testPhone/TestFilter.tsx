import { useT } from '#renderer/i18n/useI18n';
import { TEST_FILTER_VALUES, type TestFilterValue } from '#shared/domain/testConversations.js';

export type { TestFilterValue };

/** The inbox's choice to show, hide or only show the test phone's conversations. */
export function TestFilter({ value, onChange }: { value: TestFilterValue; onChange(value: TestFilterValue): void }) {
  const t = useT();
  return (
    <div className="tabs" role="group" aria-label={t('testPhone.inboxFilter.label')} data-testid="test-filter">
      {TEST_FILTER_VALUES.map((option) => (
        <button
          key={option}
          type="button"
          className="tab"
          aria-pressed={value === option}
          onClick={() => onChange(option)}
          data-testid={`test-filter-${option}`}>
          {t(`testPhone.inboxFilter.${option}`)}
        </button>
      ))}
    </div>
  );
}
