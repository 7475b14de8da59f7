// Whether the customer opted out of business-initiated messages (a keyword such as SAIR, or an
// agent): shown above the thread with when and how, and agents can opt them back in (say, when the
// customer asks by phone). Refetched whenever the conversation changes, which a keyword always does
// (its confirmation is a new message).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';

export function OptOutBadge({ conversationId, version, canAct }: { conversationId: string; version: string; canAct: boolean }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const queryClient = useQueryClient();
  const key = ['whatsapp', 'optOut', 'customer', conversationId, version];
  const consent = useQuery({ queryKey: key, queryFn: () => api().whatsapp.optOut.customer.query({ conversationId }) });
  const optIn = useMutation({
    mutationFn: () => api().whatsapp.optOut.setCustomer.mutate({ conversationId, optedOut: false }),
    onSuccess: (data) => queryClient.setQueryData(key, data),
  });
  const state = consent.data;
  if (!state || state.status !== 'opted_out') return null;
  const source = state.source ?? '';
  const how = source.startsWith('keyword:') ? t('inbox.optOut.byKeyword', { word: source.slice('keyword:'.length) }) : t('inbox.optOut.byAgent');
  return (
    <div className="window-banner" role="note" data-testid="opt-out-badge">
      <strong>{t('inbox.optOut.badge')}</strong> {state.optedOutAt ? t('inbox.optOut.since', { when: formatDateTime(state.optedOutAt, language) }) : null} {how}{' '}
      {t('inbox.optOut.effect')}
      {canAct && (
        <>
          {' '}
          <button type="button" className="button-link" disabled={optIn.isPending} onClick={() => optIn.mutate()}>
            {t('inbox.optOut.optIn')}
          </button>
        </>
      )}
      {optIn.isError && <ErrorNotice error={optIn.error} />}
    </div>
  );
}
