import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { useAdminClient, useAdminClientStore } from './useAdminClient';

/** The platform administrator's choice of client (hidden for a client's own administrators). */
export function ClientPicker() {
  const t = useT();
  const { isPlatformAdmin, clientId } = useAdminClient();
  const pick = useAdminClientStore((state) => state.pick);
  const clients = useQuery({ queryKey: ['clients', 'list'], queryFn: () => api().clients.list.query(), enabled: isPlatformAdmin });
  if (!isPlatformAdmin) return null;
  return (
    <label className="row client-picker">
      <span>{t('admin.client')}</span>
      <select value={clientId ?? ''} onChange={(event) => pick(event.target.value || null)} data-testid="client-picker">
        <option value="">{t('admin.client.pick')}</option>
        {clients.data?.map((client) => (
          <option key={client.id} value={client.id}>
            {client.name} ({client.slug})
          </option>
        ))}
      </select>
    </label>
  );
}
