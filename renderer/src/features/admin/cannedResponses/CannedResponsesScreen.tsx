// /canned-responses: the team's canned responses. Its own screen rather than an /admin tab because
// agents manage them too (they add replies and change their own), and /admin is for admins only.
// The platform administrator picks the client first, as on the administration screens.
import { useT } from '#renderer/i18n/useI18n';
import { ClientPicker } from '../ClientPicker';
import { useAdminClient } from '../useAdminClient';
import { CannedResponsesPanel } from './CannedResponsesPanel';
import '../admin.css';
import './cannedResponses.css';

export default function CannedResponsesScreen() {
  const t = useT();
  const { ready, clientId } = useAdminClient();
  return (
    <div className="page stack admin-page canned-page">
      <h1>{t('canned.title')}</h1>
      <ClientPicker />
      {ready && <CannedResponsesPanel key={clientId} />}
    </div>
  );
}
