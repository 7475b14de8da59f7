import { useEffect, useState } from 'react';
import { CONVERSATION_STATUSES, type ConversationStatus } from '#shared/domain/statuses.js';
import { useT } from '#renderer/i18n/useI18n';
import { TestFilter } from '#renderer/features/testPhone';
import { InboxTeamFilters } from '#renderer/features/teams';
import type { AssignedScope, ListFilters, StatusTab } from '../types';
import { LabelFilter } from '#renderer/features/contacts';

type Counts = ({ total: number } & Record<ConversationStatus, number>) | undefined;

const TABS: StatusTab[] = ['all', ...CONVERSATION_STATUSES];
const SCOPES: AssignedScope[] = ['any', 'me', 'unassigned'];

/** Status tabs with counts, whose conversations, and a search box (debounced). */
export function FilterBar({ filters, counts, onChange }: { filters: ListFilters; counts: Counts; onChange(filters: ListFilters): void }) {
  const t = useT();
  const [search, setSearch] = useState(filters.search);
  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => onChange({ ...filters, search }), 250);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);
  const countOf = (tab: StatusTab) => (counts ? (tab === 'all' ? counts.total : counts[tab]) : null);
  return (
    <div className="inbox-filters">
      <div className="tabs" role="group" aria-label={t('inbox.tabs.label')}>
        {TABS.map((tab) => {
          const count = countOf(tab);
          return (
            <button
              key={tab}
              type="button"
              className="tab"
              aria-pressed={filters.status === tab}
              onClick={() => onChange({ ...filters, status: tab })}
              data-testid={`tab-${tab}`}>
              {t(`inbox.tabs.${tab}`)}
              {count !== null ? ` (${count})` : ''}
            </button>
          );
        })}
      </div>
      <div className="tabs" role="group" aria-label={t('inbox.scope.label')}>
        {SCOPES.map((scope) => (
          <button key={scope} type="button" className="tab" aria-pressed={filters.assigned === scope} onClick={() => onChange({ ...filters, assigned: scope })}>
            {t(scope === 'any' ? 'inbox.scope.all' : scope === 'me' ? 'inbox.scope.mine' : 'inbox.scope.unassigned')}
          </button>
        ))}
      </div>
      <TestFilter value={filters.tests ?? 'all'} onChange={(tests) => onChange({ ...filters, tests })} />
      <LabelFilter value={filters.labelId ?? ''} onChange={(labelId) => onChange({ ...filters, labelId: labelId || undefined })} />
      <InboxTeamFilters phoneNumberId={filters.phoneNumberId} teamId={filters.teamId} onChange={(next) => onChange({ ...filters, ...next })} />
      <input
        className="search"
        type="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        placeholder={t('inbox.search')}
        aria-label={t('inbox.search')}
      />
    </div>
  );
}
