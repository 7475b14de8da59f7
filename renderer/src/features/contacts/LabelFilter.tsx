// The inbox's label filter: conversations with one label (none chosen: all).
import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';

export function LabelFilter({ value, onChange }: { value: string; onChange(labelId: string): void }) {
  const t = useT();
  const labels = useQuery({ queryKey: ['contacts', 'labels'], queryFn: () => api().contacts.labels.list.query() });
  if (!labels.data?.length) return null;
  return (
    <select aria-label={t('contacts.label')} value={value} onChange={(event) => onChange(event.target.value)} data-testid="inbox-label-filter">
      <option value="">{t('contacts.anyLabel')}</option>
      {labels.data.map((label) => (
        <option key={label.id} value={label.id}>
          {label.name}
        </option>
      ))}
    </select>
  );
}
