import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { OpenTestPhoneLink, testFilterInput } from '#renderer/features/testPhone';
import { useNumbers } from '#renderer/features/teams';
import { inboxKeys } from '../inboxKeys';
import { rememberStatuses } from '../live/useInboxLive';
import { useInboxFilters } from '../useInboxFilters';
import { ConversationListItem } from './ConversationListItem';
import { FilterBar } from './FilterBar';
import { numberLabel } from './numberLabel';

const ROW_HEIGHT = 64;

/** The conversation list: filters, then a virtualised list that loads more as it scrolls. */
export function ConversationList({ selectedId, myUserId }: { selectedId: string | null; myUserId: string }) {
  const t = useT();
  const { filters, setFilters } = useInboxFilters();
  const numbers = useNumbers();
  const query = useInfiniteQuery({
    queryKey: inboxKeys.list(filters),
    queryFn: ({ pageParam }) =>
      api().conversations.list.query({
        status: filters.status,
        assigned: filters.assigned,
        search: filters.search.trim() || undefined,
        ...testFilterInput(filters.tests),
        ...(filters.labelId ? { labelId: filters.labelId } : {}),
        ...(filters.phoneNumberId ? { phoneNumberId: filters.phoneNumberId } : {}),
        ...(filters.teamId ? { teamId: filters.teamId } : {}),
        cursor: pageParam,
        limit: 50,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  // One array per set of pages, so remembering statuses below runs when they change, not on every render.
  const pages = query.data?.pages;
  const items = useMemo(() => pages?.flatMap((page) => page.items) ?? [], [pages]);
  // Tab counts cover every status (the list's own counts are only for the chosen tab).
  const scope = {
    assigned: filters.assigned,
    search: filters.search.trim(),
    tests: filters.tests ?? 'all',
    phoneNumberId: filters.phoneNumberId,
    teamId: filters.teamId,
  };
  const counts = useQuery({
    queryKey: inboxKeys.counts(scope),
    queryFn: () =>
      api().conversations.list.query({
        status: 'all',
        assigned: scope.assigned,
        search: scope.search || undefined,
        ...testFilterInput(scope.tests),
        ...(scope.phoneNumberId ? { phoneNumberId: scope.phoneNumberId } : {}),
        ...(scope.teamId ? { teamId: scope.teamId } : {}),
        limit: 1,
      }),
    select: (data) => data.counts,
  }).data;
  useEffect(() => rememberStatuses(items), [items]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual has no memo-safe API (react.dev's rule page lists none); the compiler skips this component as it must
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= items.length - 5 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [lastIndex, items.length, query]);

  return (
    <section className="inbox-list" aria-labelledby="inbox-title">
      <h1 id="inbox-title" className="visually-hidden">
        {t('inbox.title')}
      </h1>
      <FilterBar filters={filters} counts={counts} onChange={setFilters} />
      {query.isError && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {query.isPending && (
        <p className="page muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {query.isSuccess && items.length === 0 && (
        <p className="page muted">
          {t('inbox.empty')} <OpenTestPhoneLink />
        </p>
      )}
      <div className="conversation-scroll" ref={scrollRef} data-testid="conversation-list">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((row) => {
            const conversation = items[row.index]!;
            return (
              <div
                key={conversation.id}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
                data-index={row.index}
                ref={virtualizer.measureElement}>
                <ConversationListItem
                  conversation={conversation}
                  numberName={numberLabel(conversation, numbers.data)}
                  selected={conversation.id === selectedId}
                  myUserId={myUserId}
                />
              </div>
            );
          })}
        </div>
        {query.hasNextPage && (
          <button type="button" className="button-link" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {t('inbox.loadMore')}
          </button>
        )}
      </div>
    </section>
  );
}
