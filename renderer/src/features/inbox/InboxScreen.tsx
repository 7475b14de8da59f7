import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { setUnreadBadge } from '#renderer/notifications/notify';
import { NoProviderBanner } from '../aiProviders';
import { useMe } from '../auth/useMe';
import { inboxKeys } from './inboxKeys';
import { ConversationList } from './list/ConversationList';
import { useInboxLive } from './live/useInboxLive';
import { ConversationThread } from './thread/ConversationThread';

const route = getRouteApi('/inbox/{-$conversationId}');

/** `/inbox/<conversation id>?`: the list on the left, the open conversation on the right, live. */
export default function InboxScreen() {
  const t = useT();
  const { conversationId } = route.useParams();
  const me = useMe().data!;
  useInboxLive(me.userId);
  // Conversations waiting for a person: the tray / dock badge (or the tab title in a browser).
  const waiting = useQuery({
    queryKey: inboxKeys.waiting,
    queryFn: () => api().conversations.list.query({ status: 'transferido', limit: 1 }),
    select: (data) => data.counts.transferido,
  });
  useEffect(() => {
    if (waiting.data !== undefined) setUnreadBadge(waiting.data);
  }, [waiting.data]);
  const selectedId = conversationId ?? null;
  return (
    <div className="inbox">
      <NoProviderBanner />
      <ConversationList selectedId={selectedId} myUserId={me.userId} />
      {selectedId ? (
        <ConversationThread key={selectedId} conversationId={selectedId} me={me} />
      ) : (
        <div className="empty-state">
          <p>{t('inbox.pick')}</p>
        </div>
      )}
    </div>
  );
}
