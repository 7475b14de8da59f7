// The empty state for the AI reply: shown (in the inbox, in the client settings) while the client
// has no model provider and the platform provides none, with the way to connect one for those
// who may, and whom to ask for the others.
import { useQuery } from '@tanstack/react-query';
import { roleAtLeast } from '#shared/domain/roles.js';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { Link } from '@tanstack/react-router';
import { useAdminClient } from '../admin/useAdminClient';
import { useMe } from '../auth/useMe';
import { aiProviderKeys } from './aiProviderKeys';
import './aiProviders.css';

/** Settings → AI: the /admin tab where a provider is connected. */
export const AI_SETTINGS_TAB = 'ai';

/** Whether the signed-in person may open Settings → AI (client admins and owners, platform administrators). */
export function useCanConnectProviders(): boolean {
  const me = useMe().data;
  return Boolean(me?.isPlatformAdmin || (me?.role && roleAtLeast(me.role, 'admin')));
}

export function NoProviderBanner() {
  const t = useT();
  const canConnect = useCanConnectProviders();
  const { input, clientId, ready } = useAdminClient();
  const status = useQuery({
    queryKey: aiProviderKeys.status(clientId),
    queryFn: () => api().aiProviders.status.query(input),
    enabled: ready,
    staleTime: 30_000,
  });
  if (!status.data || status.data.ready) return null;
  return (
    <div className="notice ai-provider-banner" role="status" data-testid="no-provider-banner">
      <span>{t('aiProviders.banner.none')}</span>
      {canConnect ? (
        <Link to="/admin/{-$tab}" params={{ tab: AI_SETTINGS_TAB }}>
          {t('aiProviders.banner.connect')}
        </Link>
      ) : (
        <span>{t('aiProviders.banner.askAdmin')}</span>
      )}
    </div>
  );
}
